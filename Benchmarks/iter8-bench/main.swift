import Experiments
import Foundation

/// Times both engines on the anchor's cases and a synthetic one:
/// `swift run -c release --scratch-path .build-analysis iter8-bench [--calls N] [--only ENGINE:CASE]`;
/// `--dump CASE ENGINE` prints one result as JSON, `--micro` times the samplers and percentiles alone.
let arguments = CommandLine.arguments
let engines: [any AnalysisEngine] = [IterV1Engine(), BayesEngine()]
let cases: [(name: String, make: (UInt64) -> AnalysisInput)] = [
    ("a: canary 2x2", BenchCases.caseA),
    ("b: A/B/n 5x3", BenchCases.caseB),
    ("c: A/B/n 10x5", BenchCases.synthetic),
]

if let index = arguments.firstIndex(of: "--dump"), index + 2 < arguments.count {
    let selected = cases.first { $0.name.hasPrefix(arguments[index + 1]) } ?? cases[0]
    let engine = engines.first { $0.name == arguments[index + 2] } ?? engines[0]
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let result = try engine.assess(selected.make(1))
    print(String(decoding: try encoder.encode(result), as: UTF8.self))
    exit(0)
}

if arguments.contains("--micro") {
    var g = SeededGenerator(seed: 1)
    var buffer = [Double](repeating: 0, count: 1_000_000)
    for (label, run) in [
        ("normal", { (b: UnsafeMutableBufferPointer<Double>) in Sampling.fillNormal(b, mean: 0, sd: 1, using: &g) }),
        ("gamma(4000)", { (b: UnsafeMutableBufferPointer<Double>) in Sampling.fillGamma(b, shape: 4000, using: &g) }),
        ("beta(45,4755)", { (b: UnsafeMutableBufferPointer<Double>) in Sampling.fillBeta(b, a: 45.1, b: 4755.1, using: &g) }),
    ] as [(String, (UnsafeMutableBufferPointer<Double>) -> Void)] {
        let start = ContinuousClock.now
        buffer.withUnsafeMutableBufferPointer { run($0) }
        let elapsed = ContinuousClock.now - start
        print(label, "ns/draw:", Double(elapsed.components.attoseconds) / 1e9 / 1e6 + Double(elapsed.components.seconds) * 1e3)
    }
    var scratch = [Double](repeating: 0, count: 10_000)
    let values = Array(buffer.prefix(10_000))
    let start = ContinuousClock.now
    for _ in 0..<100 {
        _ = values.withUnsafeBufferPointer { v in scratch.withUnsafeMutableBufferPointer { SampleStatistics.percentiles(v, [2.5, 97.5], scratch: $0) } }
    }
    print("percentiles µs/call:", Double((ContinuousClock.now - start).components.attoseconds) / 1e12 / 100)
    exit(0)
}
let only = arguments.firstIndex(of: "--only").map { arguments[$0 + 1] }
let calls = arguments.firstIndex(of: "--calls").flatMap { Int(arguments[$0 + 1]) } ?? 200
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

print("iter8-bench: \(calls) timed calls after \(warmUp) warm-up calls, 10,000 samples, seed varies per call")
let header = [pad("engine", 9), pad("case", 15), pad("median ms", 10, right: true), pad("p90 ms", 9, right: true),
              pad("min ms", 9, right: true), pad("max ms", 9, right: true), "  weights (seed 1)"]
print(header.joined(separator: " "))
var sink = 0
for engine in engines {
    for benchCase in cases where only.map({ "\(engine.name):\(benchCase.name)".hasPrefix($0) }) ?? true {
        for seed in 0..<UInt64(warmUp) { sink &+= try engine.assess(benchCase.make(seed)).traffic.weights[0].weight }
        var times: [Double] = []
        for seed in 0..<UInt64(calls) {
            let input = benchCase.make(seed + 1000)
            let start = clock.now
            let result = try engine.assess(input)
            times.append(milliseconds(clock.now - start))
            sink &+= result.traffic.weights[0].weight
        }
        times.sort()
        let weights = try engine.assess(benchCase.make(1)).traffic.weights.map { String($0.weight) }.joined(separator: "/")
        let row = [pad(engine.name, 9), pad(benchCase.name, 15),
                   pad(String(format: "%.3f", percentile(times, 50)), 10, right: true),
                   pad(String(format: "%.3f", percentile(times, 90)), 9, right: true),
                   pad(String(format: "%.3f", times.first ?? 0), 9, right: true),
                   pad(String(format: "%.3f", times.last ?? 0), 9, right: true), "  \(weights)"]
        print(row.joined(separator: " "))
    }
}
print("peak RSS (VmHWM): \(peakRSS())   (checksum \(sink))")
