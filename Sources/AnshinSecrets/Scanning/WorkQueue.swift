import Foundation

/// A bounded first-in, first-out queue from one producing thread to several consuming threads.
///
/// The producer waits while the queue is full, so a producer faster than the consumers (a folder
/// walk, a `git cat-file` reader) cannot pile up paths or bytes in memory; consumers wait while it
/// is empty until the producer closes it.
///
/// `@unchecked Sendable` because every stored property is only touched while holding `condition`.
final class WorkQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var items: [Element] = []
    /// The index in `items` of the next element to hand out; the elements before it are consumed.
    private var head = 0
    private var closed = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Appends `item`, waiting while the queue holds `capacity` elements.
    func push(_ item: Element) {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity { condition.wait() }
        items.append(item)
        condition.broadcast()
    }

    /// Says that nothing more will be pushed: consumers drain what is left, then get `nil`.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }

    /// The oldest element, waiting for one while the queue is empty and open; `nil` once it is
    /// closed and drained.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head >= capacity {
            // Drop the consumed elements once there are as many as the queue holds: amortised O(1).
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }
}
