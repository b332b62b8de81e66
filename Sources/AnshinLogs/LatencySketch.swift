/// A mergeable latency histogram with bounded relative error: HDR-style log-linear buckets over
/// integer microseconds.
///
/// Values below 64 µs are counted exactly; above, each power of two is cut into 32 equal buckets,
/// so a bucket is at most 1/32 of its lower bound wide and a percentile read at the bucket's
/// midpoint is within 1/64 (1.6 %) of a value in that bucket. The bucket index is computed from
/// the position of the highest set bit (no logarithm on the hot path). Only the range of buckets
/// between the smallest and the largest value seen is stored, so a route whose latencies span three
/// decades holds about 330 counters, and merging two sketches adds their counters, which is why
/// per-thread and per-bucket sketches combine exactly into per-route, per-week ones.
///
/// Chosen over the hdrhistogram package (a full counts array for the whole trackable range per
/// histogram, ~KBs per route × bucket, and a dependency to build) and over DDSketch (a logarithm
/// per value, or its piecewise approximations, for the same guarantee).
public struct LatencySketch: Sendable, Equatable, Codable {
    static let subBucketBits = 5
    static let subBuckets = 1 << subBucketBits          // 32 per power of two
    static let exactLimit: UInt64 = UInt64(subBuckets * 2)  // 64: below it, one bucket per microsecond

    /// Counters for buckets `offset ..< offset + counts.count`.
    public private(set) var counts: [UInt32] = []
    public private(set) var offset: Int = 0
    public private(set) var total: UInt64 = 0
    public private(set) var sum: UInt64 = 0
    public private(set) var minimum: UInt64 = .max
    public private(set) var maximum: UInt64 = 0

    public init() {}

    /// The bucket of a value in microseconds.
    @inline(__always)
    static func index(of value: UInt64) -> Int {
        if value < exactLimit { return Int(value) }
        let exponent = 63 - value.leadingZeroBitCount           // >= 6
        let shift = exponent - subBucketBits                    // >= 1
        return Int(exactLimit) + (exponent - subBucketBits - 1) * subBuckets + Int(value >> UInt64(shift)) - subBuckets
    }

    /// The smallest value of a bucket and the bucket's width.
    static func range(of index: Int) -> (lower: UInt64, width: UInt64) {
        if index < Int(exactLimit) { return (UInt64(index), 1) }
        let relative = index - Int(exactLimit)
        let exponent = relative / subBuckets + subBucketBits + 1
        let sub = relative % subBuckets + subBuckets
        let shift = exponent - subBucketBits
        return (UInt64(sub) << UInt64(shift), 1 << UInt64(shift))
    }

    /// Records one value in microseconds.
    @inline(__always)
    public mutating func add(_ micros: Int64) {
        let value = UInt64(max(0, micros))
        let index = LatencySketch.index(of: value)
        total &+= 1
        sum &+= value
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
        let slot = index - offset
        if slot >= 0 && slot < counts.count {
            counts[slot] &+= 1
        } else {
            grow(toInclude: index)
            counts[index - offset] &+= 1
        }
    }

    mutating func grow(toInclude index: Int) {
        if counts.isEmpty {
            offset = index
            counts = [0]
            counts.reserveCapacity(8)
            return
        }
        if index < offset {
            counts.insert(contentsOf: repeatElement(0, count: offset - index), at: 0)
            offset = index
        } else if index >= offset + counts.count {
            counts.append(contentsOf: repeatElement(0, count: index - offset - counts.count + 1))
        }
    }

    /// Adds another sketch's values to this one.
    public mutating func merge(_ other: LatencySketch) {
        guard other.total > 0 else { return }
        grow(toInclude: other.offset)
        grow(toInclude: other.offset + other.counts.count - 1)
        for (slot, count) in other.counts.enumerated() where count > 0 {
            counts[other.offset + slot - offset] &+= count
        }
        total &+= other.total
        sum &+= other.sum
        minimum = min(minimum, other.minimum)
        maximum = max(maximum, other.maximum)
    }

    public var isEmpty: Bool { total == 0 }

    /// Mean in microseconds, exact (from the running sum).
    public var mean: Double { total == 0 ? 0 : Double(sum) / Double(total) }

    /// The value at quantile `q` (0...1) in microseconds: the midpoint of the bucket holding the
    /// rank `ceil(q × n)`, clamped to the exact minimum and maximum. Nil when empty.
    public func quantile(_ q: Double) -> UInt64? {
        guard total > 0 else { return nil }
        if q >= 1 { return maximum }
        if q <= 0 { return minimum }
        let rank = max(1, UInt64((q * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for (slot, count) in counts.enumerated() where count > 0 {
            seen += UInt64(count)
            if seen >= rank {
                let (lower, width) = LatencySketch.range(of: offset + slot)
                let middle = width == 1 ? lower : lower + width / 2
                return min(max(middle, minimum), maximum)
            }
        }
        return maximum
    }
}
