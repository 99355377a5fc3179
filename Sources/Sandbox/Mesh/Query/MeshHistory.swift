/// The mesh's metrics over simulated time, as a small time-series database for the query API.
///
/// Every sample line of ``MeshMetrics/exposition()`` is one series, with the same labels plus `__name__`.
/// One frame per simulated second holds every series' cumulative value at that second; frame 0 (before any
/// traffic) is empty. Frames older than the newest minus ``limit`` seconds are dropped. A series that appears
/// later is absent from earlier frames, and is never removed (counters only grow).
///
/// Memory: one `Double` per series per kept second; bookinfo's three services with a few versions export
/// about 300 series, so two simulated hours take about 17 MB.
struct MeshHistory: Sendable {
    /// One second's values, indexed like ``labels``; series created later are missing (`values.count` is
    /// the number of series that existed then).
    struct Frame: Sendable {
        /// The simulated second.
        var second: Int
        /// The cumulative values.
        var values: [Double]
    }

    /// The labels of every series, `__name__` included.
    private(set) var labels: [[String: String]] = []
    /// Series indexes (ascending) by label name and value, so a selector with an equality matcher reads only the
    /// series that can match instead of every series.
    private var postings: [String: [String: [Int]]] = [:]
    /// How many simulated seconds before the newest frame are kept.
    let limit: Int
    private var requestIndex: [MeshMetrics.SeriesKey: Int] = [:]
    private var rewardIndex: [MeshMetrics.RewardKey: Int] = [:]
    private var frames: [Frame] = [Frame(second: 0, values: [])]
    private var start = 0

    /// Values stored per request series: `istio_requests_total`, one per bucket (`+Inf` included), `_sum`,
    /// `_count`.
    static let valuesPerRequestSeries = MeshMetrics.durationBuckets.count + 4

    /// An empty history keeping `limit` simulated seconds.
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// The oldest kept frame.
    var oldest: Frame { frames[start] }
    /// The newest frame.
    var newest: Frame { frames[frames.count - 1] }

    /// Appends the cumulative state `metrics` as the frame of second `metrics.simulatedSeconds` (replacing a
    /// frame of the same second) and drops frames beyond the limit.
    mutating func record(_ metrics: MeshMetrics) {
        // Series are never removed, so equal counts mean no new series (and no sort of every key each second).
        let newSeries = metrics.series.count == requestIndex.count ? [] : metrics.series.keys.filter { requestIndex[$0] == nil }
        for key in newSeries.sorted() {
            requestIndex[key] = labels.count
            let pairs = Dictionary(uniqueKeysWithValues: MeshMetrics.labelPairs(key))
            add(pairs.merging(["__name__": "istio_requests_total"]) { $1 })
            for bound in MeshMetrics.durationBuckets.map(MeshMetrics.number) + ["+Inf"] {
                add(pairs.merging(["__name__": "istio_request_duration_milliseconds_bucket", "le": bound]) { $1 })
            }
            add(pairs.merging(["__name__": "istio_request_duration_milliseconds_sum"]) { $1 })
            add(pairs.merging(["__name__": "istio_request_duration_milliseconds_count"]) { $1 })
        }
        let newRewards = metrics.rewards.count == rewardIndex.count ? [] : metrics.rewards.keys.filter { rewardIndex[$0] == nil }
        for key in newRewards.sorted() {
            rewardIndex[key] = labels.count
            add(Dictionary(uniqueKeysWithValues: MeshMetrics.labelPairs(key)).merging(["__name__": key.metric]) { $1 })
        }
        var values = [Double](repeating: 0, count: labels.count)
        for (key, series) in metrics.series {
            var index = requestIndex[key]!
            values[index] = Double(series.count)
            var cumulative = 0
            for count in series.bucketCounts.dropLast() {
                cumulative += count
                index += 1
                values[index] = Double(cumulative)
            }
            values[index + 1] = Double(series.count)
            values[index + 2] = series.durationSum
            values[index + 3] = Double(series.count)
        }
        for (key, value) in metrics.rewards {
            values[rewardIndex[key]!] = Double(value)
        }
        let frame = Frame(second: metrics.simulatedSeconds, values: values)
        if newest.second >= frame.second {
            frames[frames.count - 1] = frame
        } else {
            frames.append(frame)
        }
        while frames[start].second < frame.second - limit { start += 1 }
        if start > 256, start * 2 > frames.count {
            frames.removeFirst(start)
            start = 0
        }
    }

    /// A new series with `labels`, indexed.
    private mutating func add(_ series: [String: String]) {
        for (name, value) in series { postings[name, default: [:]][value, default: []].append(labels.count) }
        labels.append(series)
    }

    /// The indexes (ascending) of the only series `selector` can select: the shortest posting list among its
    /// equality matchers with a non-empty value; nil when it has none (every series is a candidate).
    func candidates(_ selector: VectorSelector) -> [Int]? {
        var best: [Int]?
        for matcher in selector.matchers where matcher.op == .equal && !matcher.value.isEmpty {
            let posting = postings[matcher.name]?[matcher.value] ?? []
            if best == nil || posting.count < best!.count { best = posting }
        }
        return best
    }

    /// The newest kept frame at or before `second`, or nil when `second` is before the oldest kept frame.
    func frame(atOrBefore second: Int) -> Frame? {
        var low = start
        var high = frames.count - 1
        guard frames[low].second <= second else { return nil }
        while low < high {
            let middle = (low + high + 1) / 2
            if frames[middle].second <= second { low = middle } else { high = middle - 1 }
        }
        return frames[low]
    }
}
