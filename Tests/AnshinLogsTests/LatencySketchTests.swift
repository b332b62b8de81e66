@testable import AnshinLogs
import AnshinTesting
import Foundation
import Testing

@Suite struct LatencySketchTests {
    /// The exact percentile by the same rank rule (ceil(q × n)).
    func exact(_ sorted: [UInt64], _ q: Double) -> UInt64 {
        sorted[max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1)]
    }

    /// Latencies shaped like a web service's: a log-normal body and a slow tail.
    static func latencies(count: Int, seed: UInt64) -> [UInt64] {
        var random = SplitMix64(seed: seed)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        return (0..<count).map { _ in
            let z = sqrt(-2 * log(max(uniform(), 1e-12))) * cos(2 * .pi * uniform())
            let tail = uniform() < 0.02 ? 20.0 : 1.0
            return UInt64(max(1, exp(log(25_000) + 0.8 * z) * tail))   // ~25 ms median, in µs
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func percentilesAreWithinTheStatedBoundOfExactOnes(_ seed: UInt64) {
        let values = LatencySketchTests.latencies(count: 200_000, seed: seed)
        var sketch = LatencySketch()
        for value in values { sketch.add(Int64(value)) }
        let sorted = values.sorted()
        for q in [0.5, 0.9, 0.95, 0.99, 0.999] {
            let got = Double(sketch.quantile(q)!), want = Double(exact(sorted, q))
            #expect(abs(got - want) / want <= 1.0 / 64 + 1e-9, "q=\(q): \(got) vs \(want)")
        }
        #expect(sketch.quantile(1) == sorted.last)
        #expect(sketch.quantile(0) == sorted.first)
        #expect(sketch.total == UInt64(values.count))
        #expect(abs(sketch.mean - Double(values.reduce(0, +)) / Double(values.count)) < 1e-6)
    }

    @Test func smallValuesAreExact() {
        var sketch = LatencySketch()
        for value in 0..<64 { sketch.add(Int64(value)) }
        #expect(sketch.quantile(0.5) == 31)
        #expect(sketch.quantile(0.99) == 63)
    }

    @Test func mergingEqualsAddingEverythingToOne() {
        let values = LatencySketchTests.latencies(count: 30_000, seed: 9)
        var whole = LatencySketch(), left = LatencySketch(), right = LatencySketch()
        for (index, value) in values.enumerated() {
            whole.add(Int64(value))
            if index % 3 == 0 { left.add(Int64(value)) } else { right.add(Int64(value)) }
        }
        var merged = LatencySketch()
        merged.merge(right)
        merged.merge(left)
        for q in [0.5, 0.95, 0.99] { #expect(merged.quantile(q) == whole.quantile(q)) }
        #expect(merged.total == whole.total)
        #expect(merged.sum == whole.sum)
        #expect(merged.maximum == whole.maximum)
    }

    @Test func bucketsAreContiguousAndInvertible() {
        var previousEnd: UInt64 = 0
        for index in 0..<(64 + 32 * 30) {
            let (lower, width) = LatencySketch.range(of: index)
            #expect(lower == previousEnd)
            #expect(LatencySketch.index(of: lower) == index)
            #expect(LatencySketch.index(of: lower + width - 1) == index)
            previousEnd = lower + width
        }
    }

    @Test func emptyHasNoQuantile() {
        #expect(LatencySketch().quantile(0.5) == nil)
    }
}
