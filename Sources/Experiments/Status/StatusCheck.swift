/// The ranges a status document's numbers must be in before anything computes with them: a status file is
/// input (people edit it, repositories get corrupted), and the service resumes from it, renders it and
/// `iter8 replay` feeds its inputs to the engines. Out of range, it is refused with the field's path.
public enum StatusCheck {
    /// Iteration numbers, completed iterations and fold counts: far above any experiment's iterations (at most
    /// 10,000 plus held ones), far below where `+ 1` could overflow.
    public static let maxCount = 1_000_000_000
    /// Every number of an analysis input: finite (a histogram bucket's bound may be +Inf) and at most 1e300 in
    /// magnitude, so that posterior parameters and sums stay finite (the engine never ends on counts of 1e308).
    /// The service records nothing else: Prometheus' non-finite answers are no data, and the status writer
    /// refuses to write a document these checks refuse (a finite answer above 1e300 is not written).
    public static let maxMagnitude = 1e300

    /// Every problem found, as `path: message` (at most `limit`); empty when the document is usable.
    public static func problems(_ status: ExperimentStatus, limit: Int = 20) -> [String] {
        var check = Collector(limit: limit)
        check.count("state.completedIterations", status.state.completedIterations)
        check.split("state.weights", status.state.weights)
        check.split("state.pendingWeights", status.state.pendingWeights)
        check.split("state.finish.split", status.state.finish?.split)
        if let fold = status.foldedIterations {
            check.count("foldedIterations.count", fold.count)
            check.count("foldedIterations.firstNumber", fold.firstNumber)
            check.count("foldedIterations.lastNumber", fold.lastNumber)
        }
        for (index, record) in (status.compactedIterations ?? []).enumerated() {
            let path = "compactedIterations[\(index)]"
            check.count(path + ".number", record.number)
            check.count(path + ".elapsedSeconds", record.elapsedSeconds, limit: Int(Int32.max))
            check.split(path + ".weightsBefore", record.weightsBefore)
            check.split(path + ".weightsAfter", record.weightsAfter)
        }
        for (index, record) in status.iterations.enumerated() {
            let path = "iterations[\(index)]"
            check.count(path + ".number", record.number)
            check.count(path + ".elapsedSeconds", record.elapsedSeconds, limit: Int(Int32.max))
            check.split(path + ".weightsBefore", record.weightsBefore)
            check.input(path + ".input", record.input)
            if let digits = record.result.significantDigits, !AnalysisResult.significantDigitsRange.contains(digits) {
                check.add(
                    path + ".result.significantDigits",
                    "\(digits) is outside \(AnalysisResult.significantDigitsRange.lowerBound)…\(AnalysisResult.significantDigitsRange.upperBound)")
            }
            for (position, weight) in record.result.traffic.weights.enumerated() {
                check.count(path + ".result.traffic.weights[\(position)].weight", weight.weight, limit: 100)
                check.count(path + ".result.traffic.weights[\(position)].current", weight.current, limit: 100)
            }
        }
        return check.problems
    }

    /// The problems of one analysis input (what `iter8 replay` gives an engine).
    public static func problems(_ input: AnalysisInput, path: String = "input", limit: Int = 20) -> [String] {
        var check = Collector(limit: limit)
        check.input(path, input)
        return check.problems
    }

    private struct Collector {
        let limit: Int
        var problems: [String] = []

        mutating func add(_ path: String, _ message: String) {
            if problems.count < limit { problems.append("\(path): \(message)") }
        }

        mutating func count(_ path: String, _ value: Int, limit: Int = StatusCheck.maxCount) {
            if value < 0 { add(path, "\(value) is negative") } else if value > limit { add(path, "\(value) is above \(limit)") }
        }

        mutating func split(_ path: String, _ split: [String: Int]?) {
            for (version, weight) in (split ?? [:]).sorted(by: { $0.key < $1.key }) where !(0...100).contains(weight) {
                add("\(path).\(version)", "weight \(weight) is not a percentage (0 to 100)")
            }
        }

        /// A count: a measurement that is also never negative where the metrics source records it only when
        /// positive (trials, a histogram's count).
        mutating func amount(_ path: String, _ value: Double?, positive: Bool = false) {
            guard let value else { return }
            if positive, value.isFinite, value < 0 { return add(path, "\(value) is negative") }
            measure(path, value)
        }

        mutating func measure(_ path: String, _ value: Double?, allowInfinity: Bool = false) {
            guard let value else { return }
            if value.isNaN || (value.isInfinite && !allowInfinity) {
                add(path, "\(value) is not a finite number")
            } else if value.isFinite, abs(value) > StatusCheck.maxMagnitude {
                add(path, "\(value) is above \(StatusCheck.maxMagnitude) in magnitude")
            }
        }

        mutating func input(_ path: String, _ input: AnalysisInput) {
            for (index, version) in input.versions.enumerated() {
                let versionPath = "\(path).versions[\(index)]"
                amount(versionPath + ".requestCount", version.requestCount)
                for (metric, observation) in version.observations.sorted(by: { $0.key < $1.key }) {
                    observed("\(versionPath).observations.\(metric)", observation)
                }
            }
            for (index, objective) in input.objectives.enumerated() {
                measure("\(path).objectives[\(index)].upperLimit", objective.upperLimit)
                measure("\(path).objectives[\(index)].lowerLimit", objective.lowerLimit)
            }
            let settings = input.settings
            if !(1...10_000_000).contains(settings.sampleCount) {
                add(path + ".settings.sampleCount", "\(settings.sampleCount) is not in 1…10,000,000")
            }
            for (index, weight) in (settings.currentWeights ?? []).enumerated() where !(0...100).contains(weight) {
                add("\(path).settings.currentWeights[\(index)]", "weight \(weight) is not a percentage (0 to 100)")
            }
            for (name, value) in [
                ("confidence", settings.confidence), ("minimumRequests", settings.minimumRequests),
                ("explorationShare", settings.explorationShare), ("maxCandidateWeight", settings.maxCandidateWeight),
            ] {
                measure("\(path).settings.\(name)", value)
            }
            measure(path + ".settings.winnerThreshold", settings.winnerThreshold)
            measure(path + ".settings.maxCandidateWeightIncrement", settings.maxCandidateWeightIncrement)
            measure(path + ".settings.tolerance", settings.tolerance)
            for (index, metric) in input.metrics.enumerated() {
                if case .percentile(let p) = metric.kind { measure("\(path).metrics[\(index)].kind.percentile", p) }
            }
        }

        mutating func observed(_ path: String, _ observation: Observation) {
            switch observation {
            case .noData:
                break
            case .counts(let events, let trials):
                amount(path + ".events", events)
                amount(path + ".trials", trials, positive: true)
            case .histogram(let histogram):
                amount(path + ".count", histogram.count, positive: true)
                measure(path + ".sum", histogram.sum)
                for (index, bucket) in histogram.buckets.enumerated() {
                    measure("\(path).buckets[\(index)].upperBound", bucket.upperBound, allowInfinity: true)
                    amount("\(path).buckets[\(index)].cumulativeCount", bucket.cumulativeCount)
                }
            case .gauge(let value, let sampleSize):
                measure(path + ".value", value)
                amount(path + ".sampleSize", sampleSize)
            case .counter(let value):
                measure(path + ".value", value)
            }
        }
    }
}
