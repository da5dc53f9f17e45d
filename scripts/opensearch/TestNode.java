import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch 2.19 node from the Maven artifacts, for tests: no distribution, no plugin folder.
 *
 * Usage: java -cp CLASSPATH TestNode key=value ...
 * Each argument is a node setting (path.home, path.data, http.port, ...). Settings may also come
 * from the environment as OPENSEARCH_SETTING_<key with dots as double underscores>; arguments win.
 * network.host defaults to 127.0.0.1. The node runs until SIGTERM; a shutdown hook closes it.
 */
public final class TestNode extends Node {
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
        Netty4Plugin.class, CommonAnalysisPlugin.class, ReindexPlugin.class, MapperExtrasPlugin.class);
    private static final String ENV_PREFIX = "OPENSEARCH_SETTING_";

    private TestNode(Environment environment) {
        super(environment, PLUGINS, true);
    }

    static Settings parseSettings(String[] args) {
        Settings.Builder builder = Settings.builder().put("network.host", "127.0.0.1");
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                builder.put(name.substring(ENV_PREFIX.length()).replace("__", "."), value);
            }
        });
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings settings = builder.build();
        if (settings.get("path.home") == null) {
            throw new IllegalArgumentException("path.home is required");
        }
        return settings;
    }

    public static void main(String[] args) throws Exception {
        Settings settings = parseSettings(args);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings,
            Collections.emptyMap(), Path.of(settings.get("path.home"), "config"), () -> "test-node");
        LogConfigurator.configure(environment);  // reads path.home/config/log4j2.properties
        TestNode node = new TestNode(environment);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "test-node-shutdown"));
        node.start();
        // Every OpenSearch thread is a daemon: without this wait the JVM would exit at once.
        closed.await();
    }
}
