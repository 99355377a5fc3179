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
    /// `scratch` (at least `values.count` long) is overwritten; `values` is left untouched.
    public static func percentiles(
        _ values: UnsafeBufferPointer<Double>, _ qs: [Double], scratch: UnsafeMutableBufferPointer<Double>
    ) -> [Double] {
        let n = values.count
        guard n > 0 else { return qs.map { _ in .nan } }
        precondition(scratch.count >= n, "scratch must hold every value")
        for i in 0..<n { scratch[i] = values[i] }
        let buffer = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
        var result: [Double] = []
        result.reserveCapacity(qs.count)
        var from = 0
        for q in qs {
            let position = q / 100 * Double(n - 1)
            let k = min(n - 1, max(0, Int(position.rounded(.down))))
            let fraction = position - Double(k)
            let lowValue = select(buffer, k, from: from)
            from = k
            var value = lowValue
            if fraction > 0, k + 1 < n {
                // After selecting k, the (k+1)-th order statistic is the minimum of the right part.
                var next = Double.infinity
                for i in (k + 1)..<n where buffer[i] < next { next = buffer[i] }
                value = lowValue + fraction * (next - lowValue)
            }
            result.append(value)
        }
        return result
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
