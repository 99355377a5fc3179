import Foundation
import GitOps
import Testing

@Suite("Commit messages: format and trailers")
struct HistoryCommitMessageTests {
    static let promotion = """
        iter8: promote reviews-v2 in bookinfo/reviews-canary

        reviews-v2 won after 8 iterations

        Iter8-Experiment: bookinfo/reviews-canary
        Iter8-Phase: Completed
        Iter8-Iteration: 8
        Iter8-Spec-Commit: 4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f
        Iter8-Winner: reviews-v2
        Iter8-Action: promotion

        """

    @Test func formatsSubjectBodyAndTrailersInOrder() {
        let message = CommitMessage(
            subject: "iter8: promote reviews-v2 in bookinfo/reviews-canary", body: "reviews-v2 won after 8 iterations",
            trailers: [
                (Iter8Trailer.experiment, "bookinfo/reviews-canary"), (Iter8Trailer.phase, "Completed"),
                (Iter8Trailer.iteration, "8"), (Iter8Trailer.specCommit, "4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f"),
                (Iter8Trailer.winner, "reviews-v2"), (Iter8Trailer.action, Iter8Action.promotion.rawValue),
            ])
        #expect(message.text == Self.promotion)
        #expect(CommitMessage.parse(Self.promotion) == message)
    }

    @Test func aStatusCommitRepeatsTheExperimentTrailer() {
        let text = "iter8: status\n\nIter8-Experiment: a/x\nIter8-Experiment: b/y\nIter8-Action: status\n"
        let message = CommitMessage.parse(text)
        #expect(message.body == "")
        #expect(message.values(for: "iter8-experiment") == ["a/x", "b/y"])
        #expect(message.value(for: Iter8Trailer.action) == "status")
        #expect(message.text == text)
    }

    @Test func keyValueLinesOutsideTheLastParagraphStayInTheBody() {
        let text = "iter8: weights\n\nReason: not a trailer\nWeights: v1=80 v2=20\n\nIter8-Experiment: a/x\n"
        let message = CommitMessage.parse(text)
        #expect(message.body == "Reason: not a trailer\nWeights: v1=80 v2=20")
        #expect(message.trailers.map(\.key) == ["Iter8-Experiment"])
    }

    @Test func aLastParagraphWithOneOrdinaryLineHasNoTrailers() {
        let message = CommitMessage.parse("Fix it\n\nSee the notes below.\nIter8-Experiment: a/x\n")
        #expect(message.trailers.isEmpty)
        #expect(message.body == "See the notes below.\nIter8-Experiment: a/x")
        #expect(CommitMessage.parse("Iter8-Experiment: a/x\n").trailers.isEmpty)  // the subject is never a trailer
    }

    @Test func crlfMessagesReadTheSame() {
        let crlf = Self.promotion.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(CommitMessage.parse(crlf) == CommitMessage.parse(Self.promotion))
    }

    @Test func valuesAndSubjectsBecomeSingleLinesWithoutTrailingSpaces() {
        let message = CommitMessage(subject: "two\nlines  ", body: "  \nbody line   \n\n\n\nlast  \n\n", trailers: [("Iter8-Winner", "v2\nand more "), ("Bad Key", ""), ("-x", "y")])
        #expect(message.text == "two lines\n\nbody line\n\nlast\n\nIter8-Winner: v2 and more\nBad-Key:\nX-x: y\n")
        #expect(CommitMessage.parse(message.text).trailers.map(\.value) == ["v2 and more", "", "y"])
    }

    /// A deterministic generator of varied messages.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
        mutating func words(_ count: Int, messy: Bool) -> String {
            let vocabulary = ["iter8:", "promote", "v2", "Key:", "value", "a/b", "é", "100%", "`x`", "--", "Revert", "\"q\""]
            let separators = messy ? [" ", "  ", "\t", " \n", "\r\n"] : [" "]
            return (0..<max(1, count)).map { _ in pick(vocabulary) }.reduce("") { $0.isEmpty ? $1 : $0 + pick(separators) + $1 }
        }
        mutating func message(messy: Bool) -> CommitMessage {
            let paragraphs = (0..<next(4)).map { _ in
                (0..<(1 + next(3))).map { _ in next(3) == 0 ? pick(["Signed-off-by", "Note", "X"]) + ": " + words(2, messy: false) : words(1 + next(6), messy: false) }
                    .joined(separator: messy && next(2) == 0 ? "  \r\n" : "\n")
            }
            let body = paragraphs.joined(separator: messy ? pick(["\n\n", "\n \n\n", "\r\n\r\n"]) : "\n\n")
            let keys = ["Iter8-Experiment", "Iter8-Phase", "Iter8-Action", "Signed-off-by", "X"]
            let trailers = (0..<next(5)).map { _ in (key: pick(keys), value: words(1 + next(3), messy: messy)) }
            return CommitMessage(subject: words(1 + next(8), messy: messy), body: body, trailers: trailers)
        }
    }

    @Test(arguments: 0..<8)
    func formatThenParseRoundTrips(seed: UInt64) {
        var generator = Generator(state: seed)
        for _ in 0..<200 {
            let clean = generator.message(messy: false)
            if !clean.trailers.isEmpty { #expect(CommitMessage.parse(clean.text) == clean, "\(clean.text)") }
            #expect(CommitMessage.parse(clean.text).text == clean.text)

            let messy = generator.message(messy: true)
            let text = messy.text
            #expect(CommitMessage.parse(text).text == text, "\(text)")
            #expect(CommitMessage.parse(text.replacingOccurrences(of: "\n", with: "\r\n")).text == text)
            #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
            #expect(!text.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.last?.isWhitespace == true })
            if !messy.trailers.isEmpty { #expect(CommitMessage.parse(text).trailers.count == messy.trailers.count) }
        }
    }
}
