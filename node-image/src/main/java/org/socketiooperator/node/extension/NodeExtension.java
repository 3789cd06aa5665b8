package org.socketiooperator.node.extension;

/**
 * The way to run application code in a node without writing a server: implement this interface, list
 * the class in {@code META-INF/services/org.socketiooperator.node.extension.NodeExtension}, and put the
 * jar on the node's classpath or in {@code SIO_PLUGINS_DIR}. Every extension is configured once, before
 * the node accepts clients.
 *
 * <pre>{@code
 * public final class Greeter implements NodeExtension {
 *     public void configure(NodeContext ctx) {
 *         ctx.server().of("/greet").onConnection(socket ->
 *                 socket.on("hello", (args, ack) -> ack.send("hello " + args.get(0))));
 *     }
 * }
 * }</pre>
 */
public interface NodeExtension {

    /** Registers namespaces, middlewares and handlers; throwing stops the node with the message. */
    void configure(NodeContext context);
}
