namespace Hotpath.Store.Demo;

/// <summary>A stack template: frames root first and a relative weight.</summary>
internal readonly record struct StackTemplate(string[] Frames, double Weight)
{
    public static StackTemplate Of(double weight, string folded) => new(folded.Split(';'), weight);
}

/// <summary>Plausible call stacks per language, named the way each runtime's profiler names frames.</summary>
internal static class DemoStacks
{
    private const string GoHttp = "runtime.goexit;net/http.(*conn).serve;net/http.serverHandler.ServeHTTP;github.com/go-chi/chi/v5.(*Mux).ServeHTTP;github.com/go-chi/chi/v5.(*Mux).routeHTTP";
    private const string GoGrpc = "runtime.goexit;google.golang.org/grpc.(*Server).serveStreams.func1.1;google.golang.org/grpc.(*Server).handleStream;google.golang.org/grpc.(*Server).processUnaryRPC";

    public static StackTemplate[] GoCpu(string service, bool grpc)
    {
        var entry = grpc ? GoGrpc : GoHttp;
        var pkg = $"{service}/internal";
        var handler = $"{pkg}/api.(*Handler)";
        return
        [
            StackTemplate.Of(30, $"{entry};{handler}.{Verb(service)};{pkg}/store.(*Repository).Load;database/sql.(*DB).QueryContext;github.com/jackc/pgx/v5.(*Conn).Query;github.com/jackc/pgx/v5/pgconn.(*PgConn).ReceiveMessage;net.(*conn).Read;internal/poll.(*FD).Read;syscall.Syscall"),
            StackTemplate.Of(22, $"{entry};{handler}.{Verb(service)};encoding/json.Marshal;encoding/json.(*encodeState).marshal;encoding/json.(*encodeState).reflectValue;encoding/json.structEncoder.encode"),
            StackTemplate.Of(12, $"{entry};{handler}.{Verb(service)};{pkg}/store.(*Repository).Load;{pkg}/model.decodeRow;strconv.ParseFloat"),
            StackTemplate.Of(9, $"{entry};{handler}.Health;net/http.(*response).Write;bufio.(*Writer).Flush;net.(*conn).Write;internal/poll.(*FD).Write;syscall.Syscall"),
            StackTemplate.Of(14, "runtime.goexit;runtime.gcBgMarkWorker;runtime.systemstack;runtime.gcDrain;runtime.scanobject;runtime.greyobject"),
            StackTemplate.Of(6, "runtime.goexit;runtime.gcBgMarkWorker;runtime.systemstack;runtime.gcDrain;runtime.markroot;runtime.scanstack"),
            StackTemplate.Of(5, "runtime.mcall;runtime.park_m;runtime.schedule;runtime.findRunnable;runtime.netpoll;runtime.epollwait"),
            StackTemplate.Of(4, $"{entry};{handler}.{Verb(service)};go.opentelemetry.io/otel/sdk/trace.(*recordingSpan).End;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).OnEnd"),
            StackTemplate.Of(3, "runtime.goexit;github.com/prometheus/client_golang/prometheus.(*Registry).Gather;github.com/prometheus/client_golang/prometheus.processMetric;sort.Sort"),
        ];
    }

    /// <summary>The hot path of the CPU spike: a promotion rule compiled per request.</summary>
    public static StackTemplate Spike(string service) =>
        StackTemplate.Of(1, $"{GoGrpc};{service}/internal/api.(*Handler).PlaceOrder;{service}/internal/pricing.(*Calculator).applyPromotions;regexp.MustCompile;regexp.compile;regexp/syntax.Parse;regexp/syntax.(*parser).push");

    public static StackTemplate[] GoAlloc(string service)
    {
        var pkg = $"{service}/internal";
        return
        [
            StackTemplate.Of(35, $"{GoHttp};{pkg}/api.(*Handler).{Verb(service)};encoding/json.Marshal;encoding/json.(*encodeState).marshal;bytes.(*Buffer).grow;runtime.makeslice;runtime.mallocgc"),
            StackTemplate.Of(25, $"{GoHttp};{pkg}/api.(*Handler).{Verb(service)};{pkg}/store.(*Repository).Load;{pkg}/model.decodeRow;runtime.newobject;runtime.mallocgc"),
            StackTemplate.Of(15, $"{GoHttp};net/http.(*conn).readRequest;net/http.readRequest;net/textproto.(*Reader).ReadMIMEHeader;runtime.mallocgc"),
            StackTemplate.Of(10, "runtime.goexit;bufio.NewReaderSize;runtime.makeslice;runtime.mallocgc"),
            StackTemplate.Of(8, $"{GoGrpc};google.golang.org/protobuf/proto.UnmarshalOptions.unmarshal;runtime.mallocgc"),
        ];
    }

    /// <summary>The leak of the memory regression: a session cache that never evicts.</summary>
    public static StackTemplate Leak(string service) =>
        StackTemplate.Of(1, $"{GoHttp};{service}/internal/api.(*Handler).AddItem;{service}/internal/session.(*Cache).Put;{service}/internal/session.(*Cache).grow;runtime.makemap;runtime.mallocgc");

    public static StackTemplate[] GoGoroutines(string service) =>
    [
        StackTemplate.Of(40, "runtime.goexit;net/http.(*conn).serve;net/http.(*conn).readRequest;bufio.(*Reader).Peek;net.(*conn).Read;internal/poll.(*FD).Read;runtime.gopark"),
        StackTemplate.Of(20, $"runtime.goexit;{service}/internal/worker.(*Pool).run;runtime.chanrecv1;runtime.gopark"),
        StackTemplate.Of(10, "runtime.goexit;google.golang.org/grpc/internal/transport.(*http2Client).reader;golang.org/x/net/http2.(*Framer).ReadFrame;runtime.gopark"),
        StackTemplate.Of(5, "runtime.goexit;database/sql.(*DB).connectionOpener;runtime.selectgo;runtime.gopark"),
        StackTemplate.Of(2, "runtime.main;main.main;os/signal.Notify.func1;runtime.gopark"),
    ];

    public static StackTemplate[] GoLocks(string service) =>
    [
        StackTemplate.Of(50, $"{GoHttp};{service}/internal/api.(*Handler).{Verb(service)};{service}/internal/cache.(*LRU).Get;sync.(*Mutex).Lock;sync.(*Mutex).lockSlow"),
        StackTemplate.Of(30, "runtime.goexit;database/sql.(*DB).conn;sync.(*Mutex).Lock;sync.(*Mutex).lockSlow"),
        StackTemplate.Of(15, $"runtime.goexit;{service}/internal/worker.(*Pool).run;runtime.chanrecv1"),
        StackTemplate.Of(5, "runtime.goexit;go.opentelemetry.io/otel/sdk/trace.(*batchSpanProcessor).processQueue;runtime.selectgo"),
    ];

    private const string JavaHttp = "java.lang.Thread.run;java.util.concurrent.ThreadPoolExecutor$Worker.run;java.util.concurrent.ThreadPoolExecutor.runWorker;org.apache.tomcat.util.net.SocketProcessorBase.run;org.apache.coyote.http11.Http11Processor.service;org.apache.catalina.core.StandardWrapperValve.invoke;jakarta.servlet.http.HttpServlet.service;org.springframework.web.servlet.DispatcherServlet.doDispatch;org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest";

    public static StackTemplate[] JavaCpu(string service)
    {
        var cls = $"com.shop.{service}.{Capital(service)}";
        return
        [
            StackTemplate.Of(30, $"{JavaHttp};{cls}Controller.{Verb(service)};{cls}Service.{Verb(service)};com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery;org.postgresql.core.v3.QueryExecutorImpl.execute;java.net.SocketInputStream.read"),
            StackTemplate.Of(20, $"{JavaHttp};{cls}Controller.{Verb(service)};com.fasterxml.jackson.databind.ObjectMapper.writeValueAsString;com.fasterxml.jackson.databind.ser.BeanSerializer.serialize"),
            StackTemplate.Of(15, $"{JavaHttp};{cls}Controller.{Verb(service)};{cls}Service.{Verb(service)};{cls}Rules.evaluate;java.util.HashMap.get"),
            StackTemplate.Of(12, "java.lang.Thread.run;io.netty.util.concurrent.SingleThreadEventExecutor$4.run;io.netty.channel.nio.NioEventLoop.run;io.netty.channel.nio.NioEventLoop.processSelectedKeys;sun.nio.ch.EPoll.wait"),
            StackTemplate.Of(10, "java.lang.Thread.run;jdk.internal.misc.Unsafe.park;G1 Young Generation;G1ParScanThreadState::trim_queue"),
            StackTemplate.Of(5, $"{JavaHttp};org.springframework.security.web.FilterChainProxy.doFilter;org.springframework.security.web.authentication.AuthenticationFilter.doFilterInternal;io.jsonwebtoken.impl.DefaultJwtParser.parse"),
        ];
    }

    public static StackTemplate[] JavaAlloc(string service)
    {
        var cls = $"com.shop.{service}.{Capital(service)}";
        return
        [
            StackTemplate.Of(40, $"{JavaHttp};{cls}Controller.{Verb(service)};com.fasterxml.jackson.databind.ObjectMapper.writeValueAsString;java.lang.StringBuilder.append;java.util.Arrays.copyOf"),
            StackTemplate.Of(25, $"{JavaHttp};{cls}Controller.{Verb(service)};{cls}Service.{Verb(service)};java.util.ArrayList.grow"),
            StackTemplate.Of(15, "java.lang.Thread.run;io.netty.channel.nio.NioEventLoop.run;io.netty.buffer.PooledByteBufAllocator.newDirectBuffer"),
        ];
    }

    public static StackTemplate[] JavaLocks(string service)
    {
        var cls = $"com.shop.{service}.{Capital(service)}";
        return
        [
            StackTemplate.Of(60, $"{JavaHttp};{cls}Service.{Verb(service)};com.zaxxer.hikari.pool.HikariPool.getConnection;java.util.concurrent.locks.ReentrantLock.lock"),
            StackTemplate.Of(40, $"{JavaHttp};{cls}Cache.get;java.util.concurrent.ConcurrentHashMap.computeIfAbsent"),
        ];
    }

    public static StackTemplate[] JavaExceptions(string service)
    {
        var cls = $"com.shop.{service}.{Capital(service)}";
        return
        [
            StackTemplate.Of(60, $"{JavaHttp};{cls}Service.{Verb(service)};{cls}Gateway.call;java.net.SocketTimeoutException.<init>;java.lang.Throwable.fillInStackTrace"),
            StackTemplate.Of(30, $"{JavaHttp};{cls}Controller.{Verb(service)};jakarta.validation.ConstraintViolationException.<init>;java.lang.Throwable.fillInStackTrace"),
            StackTemplate.Of(10, $"{JavaHttp};java.lang.NumberFormatException.forInputString;java.lang.Throwable.fillInStackTrace"),
        ];
    }

    public static StackTemplate[] NodeWall(string service) =>
    [
        StackTemplate.Of(35, "(root);processTicksAndRejections node:internal/process/task_queues;handleRequest /app/server.js;renderProductPage /app/routes/product.js;renderToString /app/node_modules/react-dom/cjs/react-dom-server.node.production.min.js"),
        StackTemplate.Of(25, "(root);processTicksAndRejections node:internal/process/task_queues;handleRequest /app/server.js;fetchCatalog /app/clients/catalog.js;request /app/node_modules/undici/lib/api/api-request.js"),
        StackTemplate.Of(20, "(root);(idle)"),
        StackTemplate.Of(10, "(root);(garbage collector)"),
        StackTemplate.Of(10, $"(root);listOnTimeout node:internal/timers;flushMetrics /app/{service}/metrics.js;serialize /app/node_modules/prom-client/lib/registry.js"),
    ];

    public static StackTemplate[] PythonCpu(string service) =>
    [
        StackTemplate.Of(40, $"<module> gunicorn/app/wsgiapp.py;run gunicorn/arbiter.py;handle gunicorn/workers/sync.py;dispatch_request flask/app.py;recommend {service}/views.py;predict {service}/model.py;predict sklearn/ensemble/_forest.py;dot numpy/core/multiarray.py"),
        StackTemplate.Of(25, $"<module> gunicorn/app/wsgiapp.py;run gunicorn/arbiter.py;handle gunicorn/workers/sync.py;dispatch_request flask/app.py;recommend {service}/views.py;load_features {service}/features.py;read_parquet pandas/io/parquet.py"),
        StackTemplate.Of(20, $"<module> gunicorn/app/wsgiapp.py;run gunicorn/arbiter.py;handle gunicorn/workers/sync.py;dispatch_request flask/app.py;recommend {service}/views.py;dumps json/__init__.py;encode json/encoder.py"),
        StackTemplate.Of(15, "<module> gunicorn/app/wsgiapp.py;run gunicorn/arbiter.py;sleep gunicorn/arbiter.py;select selectors.py"),
    ];

    private static string Verb(string service) => service switch
    {
        "checkout" => "PlaceOrder",
        "cart" => "GetCart",
        "catalog" => "ListProducts",
        "payment" => "charge",
        "ads" => "selectAds",
        _ => "Handle",
    };

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
