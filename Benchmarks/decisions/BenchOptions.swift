import Foundation

/// The command line: `iter8-decisions [--runs N] [--seed S] [--filter SUBSTRING] [--json PATH]
/// [--engines bayes,iter8-v1,stepper,v2-rules] [--threads N] [--step W] [--max-weight W] [--threshold N]
/// [--list] [--specs] [--self-check] [--check] [--quiet]`.
struct BenchOptions: Sendable, Codable {
    /// Runs per scenario and engine when `--runs` is not given (the whole default run takes about 5 minutes on
    /// 2 cores in release).
    static let defaultRuns = 300

    var runs = defaultRuns
    var seed: UInt64 = 1
    var filter: String?
    var json: String?
    var engines = EngineKind.allCases
    var threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
    var stepper = StepperRun.Parameters()
    var list = false
    var selfCheck = false
    var showSpecs = false
    var check = false
    var quiet = false

    /// A usage error.
    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    static let usage = """
        usage: iter8-decisions [--runs N] [--seed S] [--filter SUBSTRING] [--json PATH]
                               [--engines bayes,iter8-v1,stepper,v2-rules] [--threads N]
                               [--step W] [--max-weight W] [--threshold N] [--list] [--specs] [--self-check] [--check] [--quiet]
        """

    /// Parses the arguments after the program name.
    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw UsageError(description: "\(flag) needs a value\n\(usage)") }
            return next
        }
        func integer(_ flag: String, minimum: Int) throws -> Int {
            let text = try value(flag)
            guard let number = Int(text), number >= minimum else {
                throw UsageError(description: "\(flag) needs an integer ≥ \(minimum), found \"\(text)\"")
            }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--runs": options.runs = try integer(flag, minimum: 1)
            case "--seed":
                let text = try value(flag)
                guard let seed = UInt64(text) else { throw UsageError(description: "--seed needs an unsigned integer, found \"\(text)\"") }
                options.seed = seed
            case "--filter": options.filter = try value(flag)
            case "--json": options.json = try value(flag)
            case "--engines":
                let names = try value(flag).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                options.engines = try names.map { name in
                    guard let engine = EngineKind(rawValue: name) else {
                        throw UsageError(description: "unknown engine \"\(name)\" (bayes, iter8-v1, stepper, v2-rules)")
                    }
                    return engine
                }
            case "--threads": options.threads = try integer(flag, minimum: 1)
            case "--step": options.stepper.stepWeight = try integer(flag, minimum: 1)
            case "--max-weight": options.stepper.maxWeight = try integer(flag, minimum: 1)
            case "--threshold": options.stepper.threshold = try integer(flag, minimum: 1)
            case "--list": options.list = true
            case "--self-check": options.selfCheck = true
            case "--specs":
                options.list = true
                options.showSpecs = true
            case "--check": options.check = true
            case "--quiet": options.quiet = true
            case "-h", "--help": throw UsageError(description: usage)
            default: throw UsageError(description: "unknown argument \"\(flag)\"\n\(usage)")
            }
        }
        return options
    }
}
