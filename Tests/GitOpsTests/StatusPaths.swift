import GitOps

/// The files the service writes for an experiment beside its spec, by the files' common stem (the spec's path
/// without `.yaml`, plus `.<name>` when the file declares several experiments): `status("experiments/canary")` is
/// `experiments/canary.status.<token>.yaml`.
enum StatusPaths {
    /// The status file of `stem`.
    static func status(_ stem: String) -> String { files(stem).status }
    /// The Markdown report of `stem`.
    static func report(_ stem: String) -> String { files(stem).report }
    /// The SVG chart of `stem`.
    static func chart(_ stem: String) -> String { files(stem).chart }

    static func files(_ stem: String) -> StatusLayout.Files {
        StatusLayout.besideSpec.files(specPath: stem + ".yaml", namespace: "", name: "", shared: false)
    }
}
