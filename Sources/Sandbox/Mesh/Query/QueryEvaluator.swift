/// Evaluates a parsed query (``QueryParser``) against the mesh's ``MeshHistory`` at one instant, in simulated
/// time: Unix time `t` is simulated second `⌊t − epoch⌋`, and an instant selector reads the newest frame at or
/// before it (no staleness: counters never go stale).
///
/// `increase(x[w])` at `t` is exactly `x(t) − x(t − w)`: the frames' cumulative values, with `t − w` clamped
/// to the oldest kept frame and a series that did not exist yet counting from 0. Unlike Prometheus there is
/// no extrapolation to the window's edges and no need for two samples inside the window (a window within one
/// frame gives 0, not *no data*), so counts over a window are the mesh's exact counts. `rate` is that ÷ `w`.
struct QueryEvaluator {
    /// The recorded frames.
    let history: MeshHistory
    /// Unix time of simulated second 0.
    let epoch: Double

    /// The value of `expression` at Unix time `time`; vectors are sorted by their labels.
    ///
    /// - Throws: ``MeshQueryError`` (`execution`) when a result would hold two series with the same labels,
    ///   or a binary operation matches several series on one side.
    func evaluate(_ expression: QueryExpression, at time: Double) throws(MeshQueryError) -> MeshQueryValue {
        switch try value(expression, at: time) {
        case .scalar(let number): return .scalar(number)
        case .vector(let samples): return .vector(samples.sorted { Self.key($0.labels) < Self.key($1.labels) })
        }
    }

    private func value(_ expression: QueryExpression, at time: Double) throws(MeshQueryError) -> MeshQueryValue {
        switch expression {
        case .number(let number):
            return .scalar(number)
        case .selector(let selector):
            return .vector(select(selector, at: time))
        case .range:
            throw MeshQueryError(.badData, "a range vector can only be the argument of increase() or rate()")
        case .counterFunction(let function, let selector, let seconds):
            let increases = try Self.unique(increase(selector, seconds: seconds, at: time))
            return .vector(function == .rate ? increases.map { MeshQuerySample(labels: $0.labels, value: $0.value / seconds) } : increases)
        case .vector(let inner):
            return .vector([MeshQuerySample(labels: [:], value: try scalar(inner, at: time))])
        case .histogramQuantile(let q, let buckets):
            return .vector(try quantiles(try scalar(q, at: time), try vector(buckets, at: time)))
        case .sum(let inner, let grouping):
            return .vector(sum(try vector(inner, at: time), grouping))
        case .binary(let op, let left, let right, let on):
            return try binary(op, try value(left, at: time), try value(right, at: time), on: on)
        case .negate(let inner):
            switch try value(inner, at: time) {
            case .scalar(let number): return .scalar(-number)
            case .vector(let samples): return .vector(try Self.unique(samples.map { MeshQuerySample(labels: Self.withoutName($0.labels), value: -$0.value) }))
            }
        }
    }

    private func scalar(_ expression: QueryExpression, at time: Double) throws(MeshQueryError) -> Double {
        guard case .scalar(let number) = try value(expression, at: time) else {
            throw MeshQueryError(.badData, "expected a scalar, got an instant vector")
        }
        return number
    }

    private func vector(_ expression: QueryExpression, at time: Double) throws(MeshQueryError) -> [MeshQuerySample] {
        guard case .vector(let samples) = try value(expression, at: time) else {
            throw MeshQueryError(.badData, "expected an instant vector, got a scalar")
        }
        return samples
    }

    // MARK: Selectors.

    /// The simulated second of Unix time `time` (a microsecond of slack absorbs the client's millisecond rounding).
    private func second(_ time: Double) -> Int {
        let offset = min(max(time - epoch + 1e-6, -1e15), 1e15)
        return Int(offset.rounded(.down))
    }

    private func select(_ selector: VectorSelector, at time: Double) -> [MeshQuerySample] {
        guard let frame = history.frame(atOrBefore: second(time)) else { return [] }
        return indices(selector, existingIn: frame).compactMap { index in
            let labels = history.labels[index]
            return selector.selects(labels) ? MeshQuerySample(labels: labels, value: frame.values[index]) : nil
        }
    }

    private func increase(_ selector: VectorSelector, seconds: Double, at time: Double) -> [MeshQuerySample] {
        guard let end = history.frame(atOrBefore: second(time)) else { return [] }
        let begin = history.frame(atOrBefore: second(time - seconds)) ?? history.oldest
        return indices(selector, existingIn: end).compactMap { index in
            let labels = history.labels[index]
            guard selector.selects(labels) else { return nil }
            let start = index < begin.values.count ? begin.values[index] : 0
            return MeshQuerySample(labels: Self.withoutName(labels), value: end.values[index] - start)
        }
    }

    /// The series of `frame` that `selector` may select (from the history's label index), ascending.
    private func indices(_ selector: VectorSelector, existingIn frame: MeshHistory.Frame) -> [Int] {
        guard let candidates = history.candidates(selector) else { return Array(frame.values.indices) }
        let count = frame.values.count
        if let last = candidates.last, last >= count { return candidates.filter { $0 < count } }
        return candidates
    }

    // MARK: Aggregation and functions.

    private func sum(_ samples: [MeshQuerySample], _ grouping: QueryExpression.Grouping) -> [MeshQuerySample] {
        var order: [[String: String]] = []
        var sums: [[String: String]: Double] = [:]
        for sample in samples {
            let group: [String: String] =
                switch grouping {
                case .all: [:]
                case .by(let names): sample.labels.filter { names.contains($0.key) }
                case .without(let names): Self.withoutName(sample.labels).filter { !names.contains($0.key) }
                }
            if sums[group] == nil { order.append(group) }
            sums[group, default: 0] += sample.value
        }
        return order.map { MeshQuerySample(labels: $0, value: sums[$0]!) }
    }

    private func quantiles(_ q: Double, _ samples: [MeshQuerySample]) throws(MeshQueryError) -> [MeshQuerySample] {
        var order: [[String: String]] = []
        var groups: [[String: String]: [(upperBound: Double, count: Double)]] = [:]
        for sample in samples {
            guard let text = sample.labels["le"], let bound = Self.bound(text) else { continue }
            var group = Self.withoutName(sample.labels)
            group["le"] = nil
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append((bound, sample.value))
        }
        return order.map { MeshQuerySample(labels: $0, value: HistogramQuantile.quantile(q, groups[$0]!)) }
    }

    private static func bound(_ text: String) -> Double? {
        switch text.lowercased() {
        case "+inf", "inf": .infinity
        default: Double(text)
        }
    }

    // MARK: Binary operations.

    private func binary(_ op: QueryExpression.BinaryOperator, _ left: MeshQueryValue, _ right: MeshQueryValue, on: [String]?)
        throws(MeshQueryError) -> MeshQueryValue
    {
        switch (left, right) {
        case (.scalar(let a), .scalar(let b)):
            return .scalar(op.apply(a, b))
        case (.vector(let samples), .scalar(let b)):
            return .vector(try Self.unique(samples.map { MeshQuerySample(labels: Self.withoutName($0.labels), value: op.apply($0.value, b)) }))
        case (.scalar(let a), .vector(let samples)):
            return .vector(try Self.unique(samples.map { MeshQuerySample(labels: Self.withoutName($0.labels), value: op.apply(a, $0.value)) }))
        case (.vector(let lefts), .vector(let rights)):
            let signature = { (labels: [String: String]) -> [String: String] in
                on.map { names in labels.filter { names.contains($0.key) } } ?? Self.withoutName(labels)
            }
            if op == .or {
                let taken = Set(lefts.map { signature($0.labels) })
                return .vector(lefts + rights.filter { !taken.contains(signature($0.labels)) })
            }
            var byRight: [[String: String]: MeshQuerySample] = [:]
            for sample in rights {
                let key = signature(sample.labels)
                guard byRight[key] == nil else {
                    throw MeshQueryError(
                        .execution,
                        "found duplicate series for the match group \(Self.text(key)) on the right hand-side of the operation; "
                            + "many-to-many matching not allowed: matching labels must be unique on one side")
                }
                byRight[key] = sample
            }
            var seen: Set<[String: String]> = []
            var result: [MeshQuerySample] = []
            for sample in lefts {
                let key = signature(sample.labels)
                guard let match = byRight[key] else { continue }
                guard seen.insert(key).inserted else {
                    throw MeshQueryError(
                        .execution,
                        "multiple matches for labels \(Self.text(key)): many-to-one matching must be explicit (group_left/group_right)")
                }
                result.append(MeshQuerySample(labels: on == nil ? Self.withoutName(sample.labels) : key, value: op.apply(sample.value, match.value)))
            }
            return .vector(result)
        }
    }

    // MARK: Labels.

    private static func withoutName(_ labels: [String: String]) -> [String: String] {
        var labels = labels
        labels["__name__"] = nil
        return labels
    }

    /// Throws when two samples carry the same labels (Prometheus: "vector cannot contain metrics with the same labelset").
    private static func unique(_ samples: [MeshQuerySample]) throws(MeshQueryError) -> [MeshQuerySample] {
        var seen: Set<[String: String]> = []
        for sample in samples where !seen.insert(sample.labels).inserted {
            throw MeshQueryError(.execution, "vector cannot contain metrics with the same labelset \(text(sample.labels))")
        }
        return samples
    }

    /// `{a="1", b="2"}`.
    static func text(_ labels: [String: String]) -> String {
        "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ") + "}"
    }

    private static func key(_ labels: [String: String]) -> String { text(labels) }
}
