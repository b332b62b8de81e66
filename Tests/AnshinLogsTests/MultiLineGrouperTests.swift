@testable import AnshinLogs
import Foundation
import Testing

/// Stack traces as each runtime prints them (written for these tests), inside timestamped logs and raw.
enum StackTraces {
    static let java = """
    java.lang.IllegalStateException: order 42 has no lines
    \tat com.acme.shop.OrderService.place(OrderService.java:87)
    \tat com.acme.shop.OrderController.create(OrderController.java:31)
    \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
    \tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)
    Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.
    \tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)
    \tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)
    \t... 52 common frames omitted
    """

    static let python = """
    Traceback (most recent call last):
      File "/app/shop/views.py", line 48, in create_order
        order = place(cart)
                ^^^^^^^^^^^
      File "/app/shop/orders.py", line 112, in place
        raise ValueError(f"cart {cart.id} is empty")
    ValueError: cart 42 is empty

    During handling of the above exception, another exception occurred:

    Traceback (most recent call last):
      File "/app/shop/views.py", line 50, in create_order
        log_failure(cart)
    shop.errors.ReportingError: could not record the failure
    """

    static let go = """
    panic: runtime error: invalid memory address or nil pointer dereference
    [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b8e2a]

    goroutine 18 [running]:
    github.com/acme/shop/internal/orders.(*Service).Place(0x0, {0x8d2f40, 0xc0001a2000}, 0xc0000b6000)
    \t/src/internal/orders/service.go:57 +0x2a
    net/http.HandlerFunc.ServeHTTP(0xc000124000, {0x8d5e10, 0xc0001b8000}, 0xc0001c2000)
    \t/usr/local/go/src/net/http/server.go:2136 +0x29
    created by net/http.(*Server).Serve in goroutine 1
    \t/usr/local/go/src/net/http/server.go:3285 +0x4b4
    """

    static let node = """
    TypeError: Cannot read properties of undefined (reading 'id')
        at placeOrder (/app/src/orders.js:27:31)
        at async /app/src/routes/orders.js:14:19
        at async Promise.all (index 0)
        at process.processTicksAndRejections (node:internal/process/task_queues:95:5) {
      [cause]: Error: cart not found
          at loadCart (/app/src/carts.js:9:11)
    }
    """

    static let all: [(StackTraceLanguage, String)] = [(.java, java), (.python, python), (.go, go), (.node, node)]
}

@Suite struct MultiLineGrouperTests {
    @Test(arguments: StackTraces.all.map { $0 })
    func aTraceUnderATimestampedLineIsOneEvent(_ language: StackTraceLanguage, _ trace: String) throws {
        let log = """
        2026-11-30 22:23:00.123 INFO  [http-1] request started
        2026-11-30 22:23:00.456 ERROR [http-1] order failed
        \(trace)
        2026-11-30 22:23:01.000 INFO  [http-2] request started
        """
        let events = try MultiLineGrouper().group(log)
        #expect(events.count == 3)
        #expect(events[1].line == 2)
        #expect(events[1].lines.count == 1 + trace.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(events[1].stackTrace == language)
        #expect(events[2].lines == ["2026-11-30 22:23:01.000 INFO  [http-2] request started"])
    }

    @Test(arguments: StackTraces.all.map { $0 })
    func withoutTimestampsTheRecognisersGroupTheTrace(_ language: StackTraceLanguage, _ trace: String) throws {
        let log = "server listening on :8080\nhandling order 42\n\(trace)\nhandling order 43\n"
        let events = try MultiLineGrouper(startPattern: nil).group(log)
        #expect(events.map(\.lines.first) == ["server listening on :8080", "handling order 42", "handling order 43"])
        #expect(events[1].stackTrace == language)
        #expect(events[1].text == "handling order 42\n" + trace)
    }

    @Test func onlyTheChosenRecognisersApply() throws {
        let log = "handling order 42\n\(StackTraces.go)\n"
        let javaOnly = try MultiLineGrouper(startPattern: nil, recognisers: [.java]).group(log)
        #expect(javaOnly.count > 2)
    }

    @Test func theDefaultPatternIsTheTimestampOfTheCompanyLogs() throws {
        let grouper = try MultiLineGrouper()
        #expect(grouper.group("[app] 2026-11-30T22:23:00,123 x\n  more\n").count == 1)
        #expect(grouper.group("2026-11-30 22:23:00.123 a\n2026-11-30 22:23:00.124 b\n").count == 2)
        #expect(throws: LogConfigurationError.self) { try MultiLineGrouper(startPattern: "([") }
    }
}
