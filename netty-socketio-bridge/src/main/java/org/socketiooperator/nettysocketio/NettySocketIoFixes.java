package org.socketiooperator.nettysocketio;

import io.netty.channel.ChannelPipeline;

/**
 * netty-socketio 2.0.14's pipeline with the repairs the bridge knows of: binary attachments over WebSocket
 * without the stray leading byte ({@link WebSocketBinaryFix}, evaluation B3), and long-polling clients that
 * no longer lose their open GET when it arrives while the previous one is being closed
 * ({@link PollingCloseFix}). Install it before starting the server:
 *
 * <pre>{@code
 * server.setPipelineFactory(new NettySocketIoFixes());
 * }</pre>
 *
 * An application with its own {@code SocketIOChannelInitializer} subclass extends this class instead.
 */
public class NettySocketIoFixes extends WebSocketBinaryFix {

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        PollingCloseFix.install(pipeline);
    }
}
