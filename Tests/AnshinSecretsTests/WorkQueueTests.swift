@testable import AnshinSecrets
import Foundation
import Testing

@Suite struct WorkQueueTests {
    /// Holds what consumers took, for checking after they are done.
    final class Taken: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [[Int]] = []

        func add(_ batch: [Int]) {
            lock.lock()
            items.append(batch)
            lock.unlock()
        }

        var all: [[Int]] {
            lock.lock()
            defer { lock.unlock() }
            return items
        }
    }

    @Test func everyItemReachesExactlyOneConsumerInOrderPerConsumer() {
        let queue = WorkQueue<Int>(capacity: 3)
        let taken = Taken()
        let producer = Thread {
            for item in 0..<10_000 { queue.push(item) }
            queue.close()
        }
        producer.start()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            var mine: [Int] = []
            while let item = queue.pop() { mine.append(item) }
            taken.add(mine)
        }
        let batches = taken.all
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<10_000))
        #expect(batches.allSatisfy { $0 == $0.sorted() }, "first in, first out")
    }

    @Test func aClosedEmptyQueueEndsConsumersAndAFullOneMakesTheProducerWait() {
        let queue = WorkQueue<Int>(capacity: 2)
        queue.push(1)
        queue.push(2)
        let pushed = DispatchSemaphore(value: 0)
        Thread {
            queue.push(3)
            pushed.signal()
        }.start()
        #expect(pushed.wait(timeout: .now() + 0.2) == .timedOut, "a third item waits while two are queued")
        #expect(queue.pop() == 1)
        #expect(pushed.wait(timeout: .now() + 10) == .success)
        queue.close()
        #expect(queue.pop() == 2)
        #expect(queue.pop() == 3)
        #expect(queue.pop() == nil)
    }
}
