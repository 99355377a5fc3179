import Experiments
import Foundation
import Git

/// What the reconciler reads from one commit: experiments (valid or not), metrics, the service's status
/// files, and which files declare which routed object (a VirtualService, an HTTPRoute: ``Experiments/RoutingKind``).
struct RepositorySnapshot: Sendable {
    /// One Experiment document of the repository.
    struct SpecEntry: Sendable {
        /// `namespace/name` (for a document without a name, its path and index).
        var key: String
        var name: String
        var namespace: String
        /// The spec file.
        var path: String
        /// The validated experiment; nil when the document is invalid.
        var experiment: Experiment?
        /// The metrics the valid experiment names, resolved against the snapshot's Metric files and the built-ins, by
        /// reference text (``Experiments/MetricCatalog/resolve(_:)``).
        var metrics: [String: MetricDefinition] = [:]
        /// Errors found in the spec's file (when invalid).
        var errors: [LocatedIssue]
        /// Whether the file declares more than one experiment.
        var sharedFile: Bool
    }

    /// A status file the service wrote.
    struct StatusEntry: Sendable {
        var path: String
        var status: ExperimentStatus
    }

    var commit: GitOID
    /// The commit the status files were read from: ``commit``, or the head of the status branch
    /// (``ReconcilerConfiguration/statusBranch``).
    var statusCommit: GitOID
    var specs: [SpecEntry] = []
    var statuses: [String: StatusEntry] = [:]
    /// Valid Metric files.
    var metrics: [MetricDefinition] = []
    /// Status files that no longer decode (a human edited them), by path, with why.
    var unreadableStatuses: [String: String] = [:]
    /// Every status file's path, readable or not (``statuses`` holds one per experiment).
    var statusPaths: Set<String> = []
    /// Manifests of routed objects by kind and `namespace/name` (`*/name` for documents without a namespace).
    var routedObjectFiles: [RoutingKind: [String: [String]]] = [:]
    /// Files that hold no readable document (not UTF-8, not YAML), with their errors: an experiment whose spec
    /// file is here holds as invalid — its file was broken, not deleted.
    var unreadableFiles: [String: [LocatedIssue]] = [:]
    /// YAML entries that were not read, with why: symbolic links and submodules (never followed), files over
    /// the size limit. The reconciler logs each once.
    var skipped: [String: String] = [:]

    /// The manifest file declaring `object`, when exactly one does.
    func manifest(of object: RoutedObject) -> String? {
        let files = routedObjectFiles[object.kind] ?? [:]
        let exact = files["\(object.namespace)/\(object.name)"] ?? []
        let loose = files["*/\(object.name)"] ?? []
        let all = exact + loose
        return all.count == 1 ? all[0] : nil
    }
}

/// Loads snapshots, parsing each file blob once: a file that did not change between two commits has the
/// same blob id and is not read or parsed again.
actor SnapshotLoader {
    let repository: any GitRepository
    let paths: [String]
    /// A folder holding only status files (`--status-dir`), read whether or not `paths` cover it.
    let statusDirectory: String?
    let loader = SpecLoader()
    /// Every spec file of the last walk as loaded, by blob. What a loaded file keeps is small (``DocumentSource``): the
    /// typed values, the few scalars ``specPart(of:at:)`` reads, a valid experiment's text; never a YAML tree.
    private var parsed: [GitOID: SpecLoader.FileResult] = [:]
    private var decodedStatuses: [GitOID: StatusRead] = [:]
    /// Experiments of spec files at earlier commits (the commit a status was written for), by `commit:path`.
    private var earlierSpecs: [String: [Experiment]] = [:]
    /// Files parsed since the loader was made (to show that unchanged files are not parsed again).
    private(set) var parseCount = 0
    /// The metric resolutions of the last snapshot's experiments, reused for unchanged documents and Metric files.
    private(set) var resolutions = MetricResolutions()
    /// What the spec files gave the last walk (``specPart(of:at:)``).
    private var lastSpecPart: RepositorySnapshot.SpecPart?
    /// How many times the spec files' part of a snapshot was made (not reused) since the loader was made.
    private(set) var specPartCount = 0
    /// The files kept parsed (by blob, for the next walks), for tests of what the loader keeps.
    var parsedFiles: [SpecLoader.FileResult] { Array(parsed.values) }

    init(repository: any GitRepository, paths: [String], statusDirectory: String? = nil) {
        self.repository = repository
        self.paths = paths.isEmpty ? [""] : paths
        self.statusDirectory = statusDirectory
    }

    /// The largest file read: the YAML parser's own input limit (a larger file could only be refused after
    /// loading it whole).
    var maxFileBytes: Int { loader.limits.maxInputBytes }

    /// The last snapshot loaded: a poll that finds the branch where it was costs no tree walk.
    private var last: RepositorySnapshot?

    /// The snapshot of `commit`, its status files read from `statusCommit` (nil: from `commit` itself; another
    /// commit: the status branch's head, and the status files of `commit` are not read).
    func load(at commit: GitOID, statusesAt statusCommit: GitOID? = nil) async throws -> RepositorySnapshot {
        let statusCommit = statusCommit ?? commit
        if let last, last.commit == commit, last.statusCommit == statusCommit { return last }
        let snapshot = try await walk(at: commit, statusesAt: statusCommit)
        last = snapshot
        return snapshot
    }

    private func walk(at commit: GitOID, statusesAt statusCommit: GitOID) async throws -> RepositorySnapshot {
        var snapshot = RepositorySnapshot(commit: commit, statusCommit: statusCommit)
        var specFiles: [GitTreeEntry] = []
        var seen: Set<String> = []
        var liveStatuses: Set<GitOID> = []
        var roots = paths.map { (path: $0, statusOnly: false, at: commit) } + (statusDirectory.map { [(path: $0, statusOnly: true, at: commit)] } ?? [])
        if statusCommit != commit {
            // A status branch: the watched branch's own status files are stale; the status branch holds only statuses.
            roots += roots.map { (path: $0.path, statusOnly: true, at: statusCommit) }
        }
        for root in roots {
            let entries: [GitTreeEntry]
            do {
                entries = try await repository.listTree(at: root.at, path: root.path, recursive: true)
            } catch let error as GitError where error.code == .notFound {
                continue
            }
            for entry in entries where entry.path.hasSuffix(".yaml") || entry.path.hasSuffix(".yml") {
                // Roots may overlap (a folder and one inside it): each file once.
                if roots.count > 1, !seen.insert(root.at == commit ? entry.path : "status:" + entry.path).inserted { continue }
                switch entry.mode {
                case .file, .executable: break  // a regular file, whatever its executable bit
                case .symlink:
                    snapshot.skipped[entry.path] = "a symbolic link (never followed)"
                    continue
                case .submodule:
                    snapshot.skipped[entry.path] = "a submodule (never followed)"
                    continue
                default: continue
                }
                let isStatus = StatusLayout.isStatusPath(entry.path)
                guard isStatus || !root.statusOnly else { continue }
                if isStatus, root.at != statusCommit { continue }
                guard isStatus else {
                    specFiles.append(entry)
                    continue
                }
                liveStatuses.insert(entry.oid)
                snapshot.statusPaths.insert(entry.path)
                switch try await status(entry, at: root.at) {
                case .status(let status):
                    let key = "\(status.experiment.namespace)/\(status.experiment.name)"
                    // Two files for one experiment: a second spec file declaring the same name writes a status of its
                    // own, recording only that it is a duplicate. That one never stands in for the experiment's (it
                    // restarted a running experiment at every pass); between equals the later path, as before.
                    if let kept = snapshot.statuses[key], kept.status.specErrors == nil, status.specErrors != nil { break }
                    snapshot.statuses[key] = RepositorySnapshot.StatusEntry(path: entry.path, status: status)
                case .unreadable(let why):
                    snapshot.unreadableStatuses[entry.path] = why
                }
            }
        }
        // Status files rewritten or removed since: their old blobs go (removed in place, the rest stays as it is).
        let stale = decodedStatuses.keys.filter { !liveStatuses.contains($0) }
        for blob in stale { decodedStatuses[blob] = nil }
        let part = try await specPart(of: specFiles, at: commit)
        snapshot.specs = part.specs
        snapshot.metrics = part.metrics
        snapshot.routedObjectFiles = part.routedObjectFiles
        snapshot.unreadableFiles = part.unreadableFiles
        snapshot.skipped.merge(part.skipped) { first, _ in first }
        return snapshot
    }

    /// What the spec files give the snapshot: made again only when one of them changed (another blob, a file added,
    /// removed or renamed), else the part the last walk made. Every pass commits status files, so every pass walks a
    /// new head, mostly with the same spec files.
    private func specPart(of entries: [GitTreeEntry], at commit: GitOID) async throws -> RepositorySnapshot.SpecPart {
        let revision = entries.map { RepositorySnapshot.SpecPart.File(path: $0.path, blob: $0.oid) }
        if let lastSpecPart, lastSpecPart.files == revision { return lastSpecPart }
        specPartCount += 1
        var part = RepositorySnapshot.SpecPart(files: revision)
        var set = SpecSet()
        var files: [(path: String, result: SpecLoader.FileResult)] = []
        var blobs: [String: GitOID] = [:]
        for entry in entries {
            let result: SpecLoader.FileResult
            do {
                result = try await fileResult(entry, at: commit)
            } catch let error as BlobTooLargeError {
                part.skipped[entry.path] = "\(error)"
                continue
            }
            if result.documents.isEmpty, result.issues.contains(where: { $0.severity == .error }) {
                part.unreadableFiles[entry.path] = result.issues
            }
            files.append((entry.path, result))
            blobs[entry.path] = entry.oid
            set.add(result)
        }
        let live = Set(revision.map(\.blob))
        parsed = parsed.filter { live.contains($0.key) }
        let metrics = resolutions.resolve(&set, blobs: blobs)
        part.metrics = set.metrics
        let valid = Dictionary(
            set.experiments.map { ("\($0.source.file)#\($0.source.index)", $0.experiment) }, uniquingKeysWith: { a, _ in a })
        for (path, result) in files {
            var experimentCount = 0
            for document in result.documents {
                if case .other(let kind, let source) = document,
                    let routing = RoutingKind.of(apiVersion: source.apiVersion, kind: kind)
                {
                    let name = source.name ?? ""
                    let namespace = source.namespace ?? "*"
                    part.routedObjectFiles[routing, default: [:]]["\(namespace)/\(name)", default: []].append(path)
                }
                if Self.isExperiment(document) { experimentCount += 1 }
            }
            for document in result.documents {
                guard let source = Self.experimentSource(document) else { continue }
                let id = "\(source.file)#\(source.index)"
                let experiment = valid[id]
                // An invalid document's own name and namespace are used only when they are Kubernetes names: they
                // become file paths (`a/../../b` must not) and status keys.
                let name = experiment?.name ?? source.name.flatMap { KubernetesName.isSubdomain($0) ? $0 : nil }
                let namespace =
                    experiment?.namespace ?? source.namespace.flatMap { KubernetesName.isLabel($0) ? $0 : nil } ?? "default"
                // Not among the valid ones (after metric resolution): invalid, with its file's errors.
                let errors = experiment == nil ? set.errors.filter { $0.file == path } : []
                part.specs.append(RepositorySnapshot.SpecEntry(
                    key: name.map { "\(namespace)/\($0)" } ?? id,
                    name: name ?? (experimentCount > 1 ? "\(Self.stem(path))-\(source.index)" : Self.stem(path)), namespace: namespace,
                    path: path, experiment: experiment, metrics: experiment == nil ? [:] : metrics[id] ?? [:], errors: errors,
                    sharedFile: experimentCount > 1))
            }
        }
        lastSpecPart = part
        return part
    }

    /// The experiment `key` as declared in `path` at `commit`, if the file held a valid one there. Each
    /// (path, commit) is read and parsed once.
    func experiment(key: String, path: String, at commit: GitOID) async throws -> Experiment? {
        let cacheKey = "\(commit.hex):\(path)"
        let experiments: [Experiment]
        if let cached = earlierSpecs[cacheKey] {
            experiments = cached
        } else {
            guard let data = try await repository.readFile(path: path, at: commit, maxBytes: maxFileBytes) else { return nil }
            parseCount += 1
            var set = SpecSet()
            set.add(loader.load(String(decoding: data, as: UTF8.self), file: path))
            // Metric files are not re-read here: only versions and the override matter for the comparison.
            experiments = set.experiments.map(\.experiment)
            if earlierSpecs.count > 20_000 { earlierSpecs.removeAll() }
            earlierSpecs[cacheKey] = experiments
        }
        return experiments.first { "\($0.namespace)/\($0.name)" == key }
    }

    private func fileResult(_ entry: GitTreeEntry, at commit: GitOID) async throws -> SpecLoader.FileResult {
        if let cached = parsed[entry.oid] { return cached }
        let data = try await repository.readFile(path: entry.path, at: commit, maxBytes: maxFileBytes) ?? Data()
        parseCount += 1
        var result: SpecLoader.FileResult
        if let text = String(data: data, encoding: .utf8) {
            result = loader.load(text, file: entry.path)
        } else {
            // Never act on a replacement-character version of an experiment or a metric: what it says is unknown.
            // Other kinds are still indexed by name (a routed object's manifest edit refuses the encoding).
            result = loader.load(String(decoding: data, as: UTF8.self), file: entry.path)
            result.documents = result.documents.map { document in
                switch document {
                case .experiment(let experiment, var source):
                    source.text = nil  // an invalid document has no issue to locate later
                    return .invalid(kind: "Experiment", name: experiment.name, source: source)
                case .metric(let metric, let source): return .invalid(kind: "Metric", name: metric.name, source: source)
                default: return document
                }
            }
            result.issues.insert(
                LocatedIssue(file: entry.path, line: 0, column: 0, path: "", message: "the file is not UTF-8 text", severity: .error),
                at: 0)
        }
        parsed[entry.oid] = result
        return result
    }

    private func status(_ entry: GitTreeEntry, at commit: GitOID) async throws -> StatusRead {
        if let cached = decodedStatuses[entry.oid] { return cached }
        let result: StatusRead
        do {
            let data = try await repository.readFile(path: entry.path, at: commit, maxBytes: maxFileBytes) ?? Data()
            result = .status(try StatusFile.read(data, file: entry.path))
        } catch {
            result = .unreadable("\(error)")
        }
        decodedStatuses[entry.oid] = result
        return result
    }

    /// Status files this service wrote, as the documents they hold: their blobs are not decoded when read.
    func remember(_ written: [(blob: GitOID, status: ExperimentStatus)]) {
        for (blob, status) in written { decodedStatuses[blob] = .status(status) }
    }

    enum StatusRead: Sendable {
        case status(ExperimentStatus)
        case unreadable(String)
    }

    static func isExperiment(_ document: SpecDocument) -> Bool { experimentSource(document) != nil }

    static func experimentSource(_ document: SpecDocument) -> DocumentSource? {
        switch document {
        case .experiment(_, let source): return source
        case .invalid(let kind, _, let source) where kind == "Experiment": return source
        default: return nil
        }
    }

    static func stem(_ path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        return name
    }
}
