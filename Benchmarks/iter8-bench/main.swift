import Experiments
import Foundation

/// Times both engines on the anchor's cases and a synthetic one, and prints each median's speed-up over
/// iter8-analytics' v1 engine (Python, direct call) beside the goal of issue 12:
/// `swift run -c release --scratch-path .build-analysis iter8-bench [--calls N] [--rounds R] [--only ENGINE:CASE]`;
/// `--dump CASE ENGINE` prints one result as JSON, `--micro` times the samplers and percentiles alone,
/// `--digest N` prints a digest of every result for seeds 0..<N under each traffic policy (to show that a
/// change keeps an engine's output bit for bit: compare the digests of two builds), `--record-digest [N]` times the
/// digests of a compacted status record on a typical full iteration record.
let arguments = CommandLine.arguments
let engines: [any AnalysisEngine] = [IterV1Engine(), BayesEngine()]
/// Each case with the Python v1 engine's median latency in ms (`iter8-analytics-anchor.md` §6, direct calls):
/// a and b measured (17.9, 36.8); c from the anchor's latency fit, 11 ms + 1.6 ms per (version × ratio metric)
/// pair, 50 pairs → 91 ms (§6 lists 93 ms beside the fit; the lower figure is the stricter reference).
let cases: [(name: String, make: (UInt64) -> AnalysisInput, python: Double)] = [
    ("a: canary 2x2", BenchCases.caseA, 17.9),
    ("b: A/B/n 5x3", BenchCases.caseB, 36.8),
    ("c: A/B/n 10x5", BenchCases.synthetic, 11 + 1.6 * 50),
]
/// Issue 12's goals: speed-up over the Python v1 engine per engine.
let goals: [String: Double] = ["bayes": 100, "iter8-v1": 20]

if let index = arguments.firstIndex(of: "--dump"), index + 2 < arguments.count {
    let selected = cases.first { $0.name.hasPrefix(arguments[index + 1]) } ?? cases[0]
    let engine = engines.first { $0.name == arguments[index + 2] } ?? engines[0]
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let result = try engine.assess(selected.make(1))
    print(String(decoding: try encoder.encode(result), as: UTF8.self))
    exit(0)
}

if let index = arguments.firstIndex(of: "--digest") {
    let count = index + 1 < arguments.count ? UInt64(arguments[index + 1]) ?? 50 : 50
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    for engine in engines {
        for benchCase in cases {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a over the JSON of every result
            for policy in [TrafficPolicy.progressive, .top2, .uniform] {
                for seed in 0..<count {
                    var input = benchCase.make(seed)
                    input.settings.trafficPolicy = policy
                    for byte in try encoder.encode(try engine.assess(input)) {
                        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
                    }
                }
            }
            print(engine.name, benchCase.name, String(hash, radix: 16))
        }
    }
    exit(0)
}

if let index = arguments.firstIndex(of: "--record-digest") {
    try RecordDigestBench.run(calls: index + 1 < arguments.count ? Int(arguments[index + 1]) ?? 2_000 : 2_000)
    exit(0)
}

if arguments.contains("--micro") {
    var g = SeededGenerator(seed: 1)
    var buffer = [Double](repeating: 0, count: 1_000_000)
    print("best of 5 passes of 10⁶ draws")
    for (label, run) in [
        ("normal", { (b: UnsafeMutableBufferPointer<Double>) in Sampling.fillNormal(b, mean: 0, sd: 1, using: &g) }),
        ("gamma(4000)", { (b: UnsafeMutableBufferPointer<Double>) in Sampling.fillGamma(b, shape: 4000, using: &g) }),
        ("beta(45,4755)", { (b: UnsafeMutableBufferPointer<Double>) in Sampling.fillBeta(b, a: 45.1, b: 4755.1, using: &g) }),
    ] as [(String, (UnsafeMutableBufferPointer<Double>) -> Void)] {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = ContinuousClock.now
            buffer.withUnsafeMutableBufferPointer { run($0) }
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.attoseconds) / 1e9 / 1e6 + Double(elapsed.components.seconds) * 1e3)
        }
        print(label, "ns/draw:", best)
    }
    var scratch = [Double](repeating: 0, count: 10_000)
    let values = Array(buffer.prefix(10_000))
    let start = ContinuousClock.now
    for _ in 0..<100 {
        _ = values.withUnsafeBufferPointer { v in scratch.withUnsafeMutableBufferPointer { SampleStatistics.percentiles(v, [2.5, 97.5], scratch: $0) } }
    }
    print("percentiles µs/call:", Double((ContinuousClock.now - start).components.attoseconds) / 1e12 / 100)
    // The exact functions an engine would call instead of drawing (a conversion rate of 5.6 % of 4,000).
    var total = 0.0
    let cdfStart = ContinuousClock.now
    for i in 0..<10_000 { total += SpecialFunctions.betaCDF(0.05 + 1e-6 * Double(i), a: 224.5, b: 3776.5) }
    print("betaCDF(224.5, 3776.5) µs/call:", Double((ContinuousClock.now - cdfStart).components.attoseconds) / 1e12 / 10_000)
    let quantileStart = ContinuousClock.now
    for i in 0..<1_000 { total += SpecialFunctions.betaQuantile(0.025 + 1e-6 * Double(i), a: 224.5, b: 3776.5) }
    print("betaQuantile(224.5, 3776.5) µs/call:", Double((ContinuousClock.now - quantileStart).components.attoseconds) / 1e12 / 1_000, total > 0 ? "" : "!")
    exit(0)
}
let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
let calls = arguments.firstIndex(of: "--calls").flatMap { Int(arguments[$0 + 1]) } ?? 200
let rounds = arguments.firstIndex(of: "--rounds").flatMap { Int(arguments[$0 + 1]) } ?? 3
let warmUp = 20
let clock = ContinuousClock()

func milliseconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count - 1)).rounded()))]
}

func peakRSS() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "?" }
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
    let kilobytes = line?.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
    return String(format: "%.1f MiB", kilobytes / 1024)
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}

print("iter8-bench: \(rounds) rounds of \(calls) timed calls after \(warmUp) warm-up calls, seed varies per call;")
print("median = median of the round medians (as the anchor's 3 runs); × Python = the Python v1 median / this median")
let header = [pad("engine", 9), pad("case", 15), pad("median ms", 10, right: true), pad("rounds ms", 23, right: true),
              pad("p90 ms", 8, right: true), pad("min ms", 8, right: true), pad("Python ms", 10, right: true),
              pad("× Python", 9, right: true), pad("goal", 6, right: true), "  weights (seed 1)"]
print(header.joined(separator: " "))
var sink = 0
var missed: [String] = []
for engine in engines {
    for benchCase in cases where only.map({ "\(engine.name):\(benchCase.name)".hasPrefix($0) }) ?? true {
        for seed in 0..<UInt64(warmUp) { sink &+= try engine.assess(benchCase.make(seed)).traffic.weights[0].weight }
        var medians: [Double] = []
        var all: [Double] = []
        for round in 0..<rounds {
            var times: [Double] = []
            for seed in 0..<UInt64(calls) {
                let input = benchCase.make(seed + 1000 + UInt64(round * calls))
                let start = clock.now
                let result = try engine.assess(input)
                times.append(milliseconds(clock.now - start))
                sink &+= result.traffic.weights[0].weight
            }
            times.sort()
            medians.append(percentile(times, 50))
            all += times
        }
        all.sort()
        let median = medians.sorted()[medians.count / 2]
        let ratio = benchCase.python / median
        let goal = goals[engine.name] ?? 0
        if ratio < goal { missed.append("\(engine.name) \(benchCase.name): \(String(format: "%.0f", ratio))× < \(Int(goal))×") }
        let weights = try engine.assess(benchCase.make(1)).traffic.weights.map { String($0.weight) }.joined(separator: "/")
        let row = [pad(engine.name, 9), pad(benchCase.name, 15),
                   pad(String(format: "%.3f", median), 10, right: true),
                   pad(medians.map { String(format: "%.3f", $0) }.joined(separator: ","), 23, right: true),
                   pad(String(format: "%.3f", percentile(all, 90)), 8, right: true),
                   pad(String(format: "%.3f", all.first ?? 0), 8, right: true),
                   pad(String(format: "%.1f", benchCase.python), 10, right: true),
                   pad(String(format: "%.0f×", ratio), 9, right: true),
                   pad("\(Int(goal))×", 6, right: true), "  \(weights)"]
        print(row.joined(separator: " "))
    }
}
print("goals: " + (missed.isEmpty ? "every row meets its goal" : "not met: " + missed.joined(separator: "; ")))
print("peak RSS (VmHWM): \(peakRSS())   (checksum \(sink))")
