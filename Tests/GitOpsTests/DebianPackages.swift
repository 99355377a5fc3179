import Foundation
import TestSupport

/// The questions the Dockerfile checks ask the Debian system they run on (bookworm, like both image stages):
/// which shared libraries a binary loads (`ldd`) and names itself (`objdump -p`), which package owns a file
/// (`dpkg -S`), what `apt-get install` would pull in (`apt-cache depends --recurse`), and whether a package
/// exists (`apt-cache show`).
enum DebianPackages {
    /// One line of `ldd`: a library name and the file the loader resolved it to (nil: not found).
    struct LinkedLibrary: Hashable {
        var name: String
        var path: String?
    }

    /// Every library `binary` loads, directly or through another library, as the loader resolves them here.
    /// The vDSO (no file) is left out.
    static func linkedLibraries(_ binary: String) async throws -> [LinkedLibrary] {
        let ldd = try RequiredTool.path("ldd", package: "libc-bin")
        var result: [LinkedLibrary] = []
        for line in try await Shell.run(ldd, [binary]).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.hasPrefix("linux-vdso"), !text.hasPrefix("statically linked") else { continue }
            if let arrow = text.range(of: " => ") {
                let name = String(text[..<arrow.lowerBound])
                let target = text[arrow.upperBound...].split(separator: " ").first.map(String.init)
                result.append(LinkedLibrary(name: name, path: target == "not" ? nil : target))
            } else if let path = text.split(separator: " ").first, path.hasPrefix("/") {
                result.append(LinkedLibrary(name: String(path.split(separator: "/").last ?? path[...]), path: String(path)))
            }
        }
        return result
    }

    /// The `NEEDED` entries of `binary`'s dynamic section: the libraries it links itself.
    static func neededLibraries(_ binary: String) async throws -> Set<String> {
        let objdump = try RequiredTool.path("objdump", package: "binutils")
        let lines = try await Shell.run(objdump, ["-p", binary]).split(separator: "\n")
        return Set(lines.compactMap { line -> String? in
            let words = line.split(whereSeparator: \.isWhitespace)
            return words.count == 2 && words[0] == "NEEDED" ? String(words[1]) : nil
        })
    }

    /// Whether `path` is a Swift runtime library from a toolchain (`…/lib/swift/linux/…`), which no Debian
    /// package of bookworm provides.
    static func isSwiftRuntime(_ path: String) -> Bool { path.contains("/lib/swift/linux/") }

    /// The packages owning `path`, tried as given, with symlinks resolved, and under the merged-/usr alias
    /// (`/lib/…` ↔ `/usr/lib/…`: dpkg records whichever the package shipped); nil when none owns it.
    static func owners(of path: String) async throws -> [String]? {
        let dpkg = try RequiredTool.path("dpkg", package: "dpkg")
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var candidates: [String] = []
        for candidate in [path, resolved].flatMap({ [$0, mergedUsrAlias($0)] }) where !candidates.contains(candidate) {
            candidates.append(candidate)
        }
        for candidate in candidates {
            guard let output = try? await Shell.run(dpkg, ["-S", candidate]) else { continue }
            for line in output.split(separator: "\n") where !line.hasPrefix("diversion") {
                guard let colon = line.range(of: ": ") else { continue }
                return line[..<colon.lowerBound].split(separator: ",").map {
                    String($0.trimmingCharacters(in: .whitespaces).split(separator: ":")[0])
                }
            }
        }
        return nil
    }

    /// `/usr/lib/x` for `/lib/x` and the other way round (likewise `/lib64`, `/bin`, `/sbin`).
    static func mergedUsrAlias(_ path: String) -> String {
        for top in ["/lib/", "/lib64/", "/bin/", "/sbin/"] {
            if path.hasPrefix(top) { return "/usr" + path }
            if path.hasPrefix("/usr" + top) { return String(path.dropFirst(4)) }
        }
        return path
    }

    /// `packages` and everything `apt-get install --no-install-recommends` would pull in with them
    /// (Depends and Pre-Depends, recursively; every alternative counts).
    static func dependencyClosure(_ packages: [String]) async throws -> Set<String> {
        try requireAptLists()
        let aptCache = try RequiredTool.path("apt-cache", package: "apt")
        let output = try await Shell.run(
            aptCache,
            ["depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces",
             "--no-enhances"] + packages)
        var closure = Set(packages)
        for line in output.split(separator: "\n") where !line.hasPrefix(" ") && !line.hasPrefix("<") {
            closure.insert(String(line.split(separator: ":")[0]))
        }
        return closure
    }

    /// Whether `package` is a real package of the configured archives (`apt-cache show` finds a version).
    static func exists(_ package: String) async throws -> Bool {
        try requireAptLists()
        let aptCache = try RequiredTool.path("apt-cache", package: "apt")
        guard let output = try? await Shell.run(aptCache, ["show", "--no-all-versions", package]) else { return false }
        return output.contains("Package: \(package)\n")
    }

    /// Throws unless `apt-get update` has fetched package lists: without them every look-up fails.
    static func requireAptLists() throws {
        let folder = "/var/lib/apt/lists"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        guard files.contains(where: { $0.contains("_Packages") }) else {
            throw TestSupportError(
                "the apt package lists are empty (no *_Packages file in \(folder)): run `apt-get update` (as root) "
                    + "before the tests; apt-cache cannot answer for the Dockerfile's packages without them")
        }
    }
}
