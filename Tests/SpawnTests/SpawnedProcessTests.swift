import Foundation
import Spawn
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Children started with `posix_spawn`: what they get (arguments, environment, directory, descriptors, signal
/// mask), how they end, and that a signal never reaches a child that has already ended.
@Suite("Spawned processes")
struct SpawnedProcessTests {
    /// Runs `/bin/sh -c script` to its end, off the cooperative pool; its termination and output (both streams).
    private func shell(
        _ script: String, _ arguments: [String] = [], environment: [String: String] = ["PATH": "/usr/bin:/bin"],
        directory: String? = nil
    ) async throws -> (Termination, String) {
        let folder = try TemporaryDirectory(prefix: "iter8-spawn")
        return try await offPool {
            let output = try FileHandle(forWritingTo: Self.emptyFile(folder.file("out")))
            defer { try? output.close() }
            let process = try SpawnedProcess.start(
                "/bin/sh", ["-c", script] + arguments, environment: environment, directory: directory,
                standardInput: FileHandle.nullDevice.fileDescriptor, standardOutput: output.fileDescriptor,
                standardError: output.fileDescriptor)
            let termination = process.waitForExit()
            return (termination, try String(contentsOf: folder.file("out"), encoding: .utf8))
        }
    }

    private static func emptyFile(_ url: URL) -> URL {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    @Test func reportsTheExitStatusAndBothStreams() async throws {
        let (termination, output) = try await shell("echo out; echo err >&2; exit 3")
        #expect(termination == .exited(3))
        #expect(termination.status == 3)
        #expect(!termination.succeeded)
        #expect(output == "out\nerr\n")
    }

    @Test func passesArgumentsVerbatim() async throws {
        let (termination, output) = try await shell(#"printf '[%s]' "$0" "$1" "$2""#, ["a b", "c'd", "$HOME *"])
        #expect(termination.succeeded)
        #expect(output == "[a b][c'd][$HOME *]")
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() async throws {
        let (termination, output) = try await shell(
            "env | sort", environment: ["PATH": "/usr/bin:/bin", "ITER8_SPAWN": "yes=really"])
        #expect(termination.succeeded)
        let lines = output.split(separator: "\n").filter { !$0.hasPrefix("PWD=") && !$0.hasPrefix("SHLVL=") && !$0.hasPrefix("_=") }
        #expect(lines == ["ITER8_SPAWN=yes=really", "PATH=/usr/bin:/bin"])
    }

    @Test func runsInTheDirectoryGiven() async throws {
        let folder = try TemporaryDirectory(prefix: "iter8-spawn-cwd")
        let (_, output) = try await shell("pwd -P", directory: folder.path)
        let expected = URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path
        #expect(output == expected + "\n")
    }

    @Test func aMissingProgramIsASpawnError() throws {
        #expect {
            try SpawnedProcess.start(
                "/nonexistent/iter8-no-such-program", [], environment: [:], standardInput: 0, standardOutput: 1,
                standardError: 2)
        } throws: { error in
            guard let error = error as? SpawnError else { return false }
            return error.code == ENOENT && error.description.contains("/nonexistent/iter8-no-such-program")
        }
    }

    @Test func aMissingDirectoryIsASpawnError() throws {
        #expect(throws: SpawnError.self) {
            try SpawnedProcess.start(
                "/bin/true", [], environment: [:], directory: "/nonexistent/iter8-no-such-folder", standardInput: 0,
                standardOutput: 1, standardError: 2)
        }
    }

    /// Only the three standard descriptors reach the child: a pipe this process has open (without close-on-exec,
    /// as another thread may hold one at that moment) does not.
    @Test func noOtherDescriptorIsInherited() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let (termination, output) = try await shell("ls /proc/$$/fd")
        #expect(termination.succeeded)
        let descriptors = Set(output.split(separator: "\n").compactMap { Int32($0) })
        #expect(descriptors.isDisjoint(with: ends), "inherited \(descriptors)")
        #expect(descriptors.isSuperset(of: [0, 1, 2]))
    }

    /// Swift's concurrency threads block most signals, and a child inherits the mask of the thread that spawns it:
    /// the child must start with none blocked, or SIGTERM would not stop it.
    @Test func theChildStartsWithNoSignalBlocked() async throws {
        let termination = try await offPool { () -> Termination? in
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGTERM)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            let process = try SpawnedProcess.start(
                "/bin/sleep", ["30"], environment: [:], standardInput: FileHandle.nullDevice.fileDescriptor,
                standardOutput: FileHandle.nullDevice.fileDescriptor, standardError: FileHandle.nullDevice.fileDescriptor)
            #expect(process.send(SIGTERM))
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if let ended = process.exitIfEnded() { return ended }
                usleep(10_000)
            }
            process.send(SIGKILL)
            process.waitForExit()
            return nil
        }
        #expect(termination == .signalled(SIGTERM))
    }

    /// A child that has ended is not signalled, whether it has been reaped or is still a zombie: its process id may
    /// be another process's by then.
    @Test func anEndedChildIsNotSignalled() async throws {
        let outcome = try await offPool { () -> (zombie: Bool, reaped: Bool, termination: Termination) in
            let process = try SpawnedProcess.start(
                "/bin/true", [], environment: [:], standardInput: FileHandle.nullDevice.fileDescriptor,
                standardOutput: FileHandle.nullDevice.fileDescriptor, standardError: FileHandle.nullDevice.fileDescriptor)
            // Wait (bounded) until the kernel reports it a zombie, without reaping it.
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, Self.state(of: process.id) != "Z" { usleep(5_000) }
            let zombie = process.send(SIGKILL)
            let termination = process.waitForExit()
            let reaped = process.send(SIGKILL)
            return (zombie, reaped, termination)
        }
        #expect(!outcome.zombie)
        #expect(!outcome.reaped)
        #expect(outcome.termination == .exited(0))
    }

    @Test func waitingAgainReturnsTheSameEnd() async throws {
        let ends = try await offPool { () -> [Termination?] in
            let process = try SpawnedProcess.start(
                "/bin/sh", ["-c", "exit 7"], environment: [:], standardInput: FileHandle.nullDevice.fileDescriptor,
                standardOutput: FileHandle.nullDevice.fileDescriptor, standardError: FileHandle.nullDevice.fileDescriptor)
            return [process.waitForExit(), process.waitForExit(), process.exitIfEnded()]
        }
        #expect(ends == [.exited(7), .exited(7), .exited(7)])
    }

    /// The process state letter from `/proc/<pid>/stat` (the field after the command name, which may hold spaces).
    private static func state(of pid: pid_t) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: end)...].drop { $0 == " " }.first
    }
}

/// No module starts a child with Foundation's `Process`: on Linux with Swift 6.3 its `run()` crashes now and then
/// (swift-corelibs-foundation#5472; seen in this suite), so every child goes through ``SpawnedProcess``.
@Suite("No Foundation Process")
struct NoFoundationProcessTests {
    @Test func noSourceFileCreatesAProcess() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var offenders: [String] = []
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var count = 0
        for case let file as URL in files where file.pathExtension == "swift" {
            count += 1
            let code = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            if code.contains(where: { $0.contains("Process()") || $0.contains("Process.run(") }) {
                offenders.append(file.lastPathComponent)
            }
        }
        #expect(count > 100)
        #expect(offenders == [])
    }
}
