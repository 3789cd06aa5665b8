package com.example.greeter;

import org.socketiooperator.node.extension.NodeContext;
import org.socketiooperator.node.extension.NodeExtension;
import org.socketiooperator.server.api.ConnectError;

/**
 * The worked example of a node extension (see node-image/README.md): a "/greeter" namespace that only
 * lets in clients presenting a name, answers "hello" with an acknowledgement, and tells the room.
 * Build it into a jar with a META-INF/services entry and drop the jar into SIO_PLUGINS_DIR.
 */
public final class GreeterExtension implements NodeExtension {

    @Override
    public void configure(NodeContext ctx) {
        String greeting = ctx.env("GREETER_GREETING").orElse("hello");
        ctx.server().of("/greeter")
                .use((socket, next) -> {
                    Object name = socket.handshake().auth().get("name");
                    if (name instanceof String s && !s.isBlank()) {
                        socket.data(s);
                        next.proceed();
                    } else {
                        next.refuse(new ConnectError("a name is required", java.util.Map.of("field", "name")));
                    }
                })
                .onConnection(socket -> {
                    socket.join("greeted");
                    socket.on("hello", (args, ack) -> {
                        String text = greeting + " " + socket.data();
                        socket.to("greeted").emit("greeted", text);
                        if (ack != null) {
                            ack.send(text);
                        }
                    });
                });
    }
}
