package io.memorymanager.bridge.it;

import java.util.Map;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * A JMX client over TLS, run in its own JVM because it needs {@code javax.net.ssl.trustStore} set before the JVM's
 * default SSL context exists: {@code JmxTlsClient <url> <user> <password>} prints the health status or the failure.
 */
public final class JmxTlsClient {

    private JmxTlsClient() {
    }

    public static void main(String[] args) {
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(args[0]), Map.of(
                JMXConnector.CREDENTIALS, new String[] {args[1], args[2]},
                "com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory()))) {
            System.out.println("health " + c.getMBeanServerConnection()
                    .getAttribute(new ObjectName("io.memorymanager:type=Health"), "Status"));
        } catch (Exception e) {
            System.out.println("failed " + e);
        }
    }
}
