import Foundation
import TestSupport

/// A Dockerfile read just far enough to check it: its stages, their instructions, and the packages their
/// `apt-get install` commands name.
struct DockerfileModel {
    /// One instruction, with continuation lines joined and comment lines dropped.
    struct Instruction {
        /// `FROM`, `RUN`, `COPY`, … in capitals.
        var keyword: String
        /// Everything after the keyword.
        var arguments: String
        /// 1-based line of the keyword in the file.
        var line: Int
    }

    /// A `FROM` and the instructions up to the next one.
    struct Stage {
        /// The image after `FROM`, e.g. `swift:6.3-bookworm`.
        var image: String
        /// The name after `AS`, if any.
        var name: String?
        /// The `FROM` line.
        var line: Int
        var instructions: [Instruction] = []

        /// The arguments of every instruction with `keyword`.
        func arguments(of keyword: String) -> [String] {
            instructions.filter { $0.keyword == keyword }.map(\.arguments)
        }

        /// The packages named by the `apt-get install` (or `apt install`) commands of the stage's `RUN`s.
        var aptPackages: [String] {
            var packages: [String] = []
            for command in arguments(of: "RUN") {
                for part in DockerfileModel.shellCommands(command) {
                    let words = part.split(whereSeparator: \.isWhitespace).map(String.init)
                    guard let apt = words.firstIndex(where: { $0 == "apt-get" || $0 == "apt" }),
                        let install = words[apt...].firstIndex(of: "install")
                    else { continue }
                    for word in words[(install + 1)...] where !word.hasPrefix("-") {
                        packages.append(String(word.split(separator: "=")[0]))
                    }
                }
            }
            return packages
        }

        /// `COPY --from=…` sources, as written.
        var copiedFromOtherStages: [String] {
            arguments(of: "COPY").filter { $0.hasPrefix("--from=") }.flatMap { arguments in
                arguments.split(whereSeparator: \.isWhitespace).filter { !$0.hasPrefix("--") }.dropLast().map(String.init)
            }
        }
    }

    var stages: [Stage]

    /// The last stage: the image that ships.
    var runtime: Stage { stages[stages.count - 1] }

    /// Parses `text`.
    ///
    /// - Throws: ``TestSupportError`` for an instruction before the first `FROM` (other than `ARG`) or a file
    ///   without stages.
    init(_ text: String) throws {
        var stages: [Stage] = []
        for instruction in Self.instructions(text) {
            if instruction.keyword == "FROM" {
                let words = instruction.arguments.split(whereSeparator: \.isWhitespace).map(String.init)
                    .filter { !$0.hasPrefix("--") }
                let name = words.count >= 3 && words[1].lowercased() == "as" ? words[2] : nil
                stages.append(Stage(image: words.first ?? "", name: name, line: instruction.line))
            } else if stages.isEmpty {
                guard instruction.keyword == "ARG" else {
                    throw TestSupportError("Dockerfile line \(instruction.line): \(instruction.keyword) before the first FROM")
                }
            } else {
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
        guard !stages.isEmpty else { throw TestSupportError("the Dockerfile has no FROM") }
        self.stages = stages
    }

    /// The instructions of `text`: comment lines (and the parser directive) dropped, `\` continuations joined.
    static func instructions(_ text: String) -> [Instruction] {
        var result: [Instruction] = []
        var pending: (text: String, line: Int)?
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || (trimmed.isEmpty && pending == nil) { continue }
            let continues = trimmed.hasSuffix("\\")
            let content = continues ? String(trimmed.dropLast()) : trimmed
            var current = pending ?? ("", index + 1)
            current.text += current.text.isEmpty ? content : " " + content
            if continues {
                pending = current
                continue
            }
            pending = nil
            let words = current.text.split(maxSplits: 1, whereSeparator: \.isWhitespace)
            guard let keyword = words.first else { continue }
            result.append(
                Instruction(
                    keyword: keyword.uppercased(),
                    arguments: words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : "", line: current.line))
        }
        return result
    }

    /// The simple commands of a shell command line, split at `&&`, `||`, `;` and `|`.
    static func shellCommands(_ line: String) -> [String] {
        var parts = [line]
        for separator in ["&&", "||", ";", "|"] {
            parts = parts.flatMap { $0.components(separatedBy: separator) }
        }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
