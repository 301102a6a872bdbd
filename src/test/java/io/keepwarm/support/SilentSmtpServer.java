package io.keepwarm.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A mail server that takes the connection and never says a word, not even its greeting: a relay that hangs. A client
 * waits on it until its own read timeout, or until the test closes the server, which drops every connection it took.
 */
public final class SilentSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> taken = new CopyOnWriteArrayList<>();
    private final Semaphore connected = new Semaphore(0);

    public SilentSmtpServer() throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Whether a client has connected (another one, after those awaited before), within a minute. */
    public boolean awaitConnection() throws InterruptedException {
        return connected.tryAcquire(1, TimeUnit.MINUTES);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                taken.add(socket.accept());
                connected.release();
            } catch (IOException closed) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : taken) {
            client.close();
        }
    }
}
