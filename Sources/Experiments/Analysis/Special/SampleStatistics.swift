/// Summaries of Monte-Carlo draws: mean and percentiles by selection (no full sort).
public enum SampleStatistics {
    /// The arithmetic mean of `values` (0 for an empty buffer).
    public static func mean(_ values: UnsafeBufferPointer<Double>) -> Double {
        guard !values.isEmpty else { return 0 }
        var sum = 0.0
        for v in values { sum += v }
        return sum / Double(values.count)
    }

    /// Percentiles `qs` (each in [0, 100], ascending) of `values` with numpy's default linear
    /// interpolation: position q/100·(n − 1) between the neighbouring order statistics.
    ///
    /// Tail percentiles (the needed order statistic among the n/8 smallest or largest) take one pass
    /// with a bounded heap, whose branch is almost always predicted; others use quickselect.
    /// `scratch` (at least `values.count` long) is overwritten; `values` is left untouched.
    public static func percentiles(
        _ values: UnsafeBufferPointer<Double>, _ qs: [Double], scratch: UnsafeMutableBufferPointer<Double>
    ) -> [Double] {
        let n = values.count
        guard n > 0 else { return qs.map { _ in .nan } }
        precondition(scratch.count >= n, "scratch must hold every value")
        if qs.count == 2, let pair = tailPair(values, low: qs[0], high: qs[1], scratch: scratch) {
            return pair
        }
        return qs.map { q in
            let position = min(max(q, 0), 100) / 100 * Double(n - 1)
            let k = min(n - 1, Int(position.rounded(.down)))
            let fraction = position - Double(k)
            let (low, high): (Double, Double)
            if k + 2 <= n / 8 {
                (low, high) = smallest(values, count: k + 2, scratch: scratch)
            } else if n - k <= n / 8 {
                (low, high) = largest(values, count: n - k, scratch: scratch)
            } else {
                for i in 0..<n { scratch[i] = values[i] }
                let buffer = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
                low = select(buffer, k, from: 0)
                var next = low
                if k + 1 < n {
                    next = Double.infinity
                    for i in (k + 1)..<n where buffer[i] < next { next = buffer[i] }
                }
                high = next
            }
            return fraction > 0 ? low + fraction * (high - low) : low
        }
    }

    /// A lower-tail and an upper-tail percentile in one pass: a pilot subsample of 1,024 values gives
    /// two thresholds with a safety margin of 5 binomial standard deviations; the pass collects the
    /// values beyond them, and bounded heaps pick the order statistics among those few. Nil (use the general
    /// path) when the percentiles are not both in the outer eighths or a threshold was too tight.
    static func tailPair(
        _ values: UnsafeBufferPointer<Double>, low: Double, high: Double,
        scratch: UnsafeMutableBufferPointer<Double>
    ) -> [Double]? {
        let n = values.count
        guard n >= 4096 else { return nil }
        let lowPosition = low / 100 * Double(n - 1)
        let highPosition = high / 100 * Double(n - 1)
        let lowK = Int(lowPosition.rounded(.down))
        let highK = Int(highPosition.rounded(.down))
        let lowNeed = lowK + 2  // order statistics lowK and lowK + 1 from the bottom
        let highNeed = n - highK  // order statistics highK and highK + 1 from the top
        guard lowNeed <= n / 8, highNeed <= n / 8, highNeed >= 2 else { return nil }
        // Pilot thresholds (order statistics of the pilot, found with small bounded heaps).
        let pilotSize = 1024
        let stride = n / pilotSize
        for j in 0..<pilotSize { scratch[j] = values[j * stride] }
        let pilot = UnsafeBufferPointer(UnsafeMutableBufferPointer(rebasing: scratch[0..<pilotSize]))
        func pilotRank(_ need: Int) -> Int {
            let p = Double(need) / Double(n)
            let margin = 5 * (Double(pilotSize) * p * (1 - p)).squareRoot() + 2
            return min(pilotSize - 1, Int((p * Double(pilotSize) + margin).rounded(.up)))
        }
        let lowRank = pilotRank(lowNeed)
        let highRank = pilotRank(highNeed)
        guard lowRank + highRank < pilotSize / 2 else { return nil }
        let heapSpace = UnsafeMutableBufferPointer(rebasing: scratch[pilotSize..<n])
        let lowThreshold = smallest(pilot, count: lowRank + 1, scratch: heapSpace).1
        let highThreshold = largest(pilot, count: highRank + 1, scratch: heapSpace).0
        guard lowThreshold < highThreshold else { return nil }  // ties across the middle
        // One pass: values ≤ lowThreshold to the front, ≥ highThreshold to the back.
        var front = 0
        var back = n
        for value in values {
            if value <= lowThreshold {
                scratch[front] = value
                front += 1
            } else if value >= highThreshold {
                back -= 1
                scratch[back] = value
            }
        }
        guard front >= lowNeed, n - back >= highNeed, back - front >= max(lowNeed, highNeed) else { return nil }
        // Exact order statistics among the collected values; the middle of `scratch` is the heap space.
        let middle = UnsafeMutableBufferPointer(rebasing: scratch[front..<back])
        let lows = UnsafeBufferPointer(UnsafeMutableBufferPointer(rebasing: scratch[0..<front]))
        let (lowValue, lowNext) = smallest(lows, count: lowNeed, scratch: middle)
        // Order statistic highK of all n is index highK − back of the collected high values.
        let highs = UnsafeBufferPointer(UnsafeMutableBufferPointer(rebasing: scratch[back..<n]))
        let (highValue, highNext) = largest(highs, count: highNeed, scratch: middle)
        let lowFraction = lowPosition - Double(lowK)
        let highFraction = highPosition - Double(highK)
        return [
            lowFraction > 0 ? lowValue + lowFraction * (lowNext - lowValue) : lowValue,
            highFraction > 0 ? highValue + highFraction * (highNext - highValue) : highValue,
        ]
    }

    /// Order statistics m − 2 and m − 1 (0-based), via a max-heap of the m smallest values.
    static func smallest(
        _ values: UnsafeBufferPointer<Double>, count m: Int, scratch heap: UnsafeMutableBufferPointer<Double>
    ) -> (Double, Double) {
        for i in 0..<m { heap[i] = values[i] }
        for i in stride(from: m / 2 - 1, through: 0, by: -1) { siftDown(heap, i, m, max: true) }
        for i in m..<values.count where values[i] < heap[0] {
            heap[0] = values[i]
            siftDown(heap, 0, m, max: true)
        }
        let second = m > 2 ? Swift.max(heap[1], heap[2]) : m == 2 ? heap[1] : heap[0]
        return (second, heap[0])
    }

    /// Order statistics n − m and n − m + 1 (0-based), via a min-heap of the m largest values.
    static func largest(
        _ values: UnsafeBufferPointer<Double>, count m: Int, scratch heap: UnsafeMutableBufferPointer<Double>
    ) -> (Double, Double) {
        for i in 0..<m { heap[i] = values[i] }
        for i in stride(from: m / 2 - 1, through: 0, by: -1) { siftDown(heap, i, m, max: false) }
        for i in m..<values.count where values[i] > heap[0] {
            heap[0] = values[i]
            siftDown(heap, 0, m, max: false)
        }
        let second = m > 2 ? Swift.min(heap[1], heap[2]) : m == 2 ? heap[1] : heap[0]
        return (heap[0], second)
    }

    @inline(__always)
    static func siftDown(_ heap: UnsafeMutableBufferPointer<Double>, _ start: Int, _ count: Int, max: Bool) {
        var i = start
        let value = heap[i]
        while true {
            var child = 2 * i + 1
            guard child < count else { break }
            if child + 1 < count, max ? heap[child + 1] > heap[child] : heap[child + 1] < heap[child] {
                child += 1
            }
            guard max ? heap[child] > value : heap[child] < value else { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = value
    }

    /// Rearranges `buffer[from...]` so that index `k` holds the k-th order statistic, smaller or equal
    /// values sit before it and larger or equal after it (Hoare quickselect, median of three).
    /// Indices below `from` must already hold values ≤ every value from `from` on.
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int, from: Int) -> Double {
        var left = from
        var right = buffer.count - 1
        while right > left {
            let mid = left + (right - left) / 2
            if buffer[mid] < buffer[left] { buffer.swapAt(mid, left) }
            if buffer[right] < buffer[left] { buffer.swapAt(right, left) }
            if buffer[right] < buffer[mid] { buffer.swapAt(right, mid) }
            let pivot = buffer[mid]
            var i = left
            var j = right
            while i <= j {
                while buffer[i] < pivot { i += 1 }
                while pivot < buffer[j] { j -= 1 }
                if i <= j {
                    buffer.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                right = j
            } else if k >= i {
                left = i
            } else {
                return buffer[k]
            }
        }
        return buffer[k]
    }
}
