import Experiments

extension ExperimentRunner {
    /// Why `experiment` cannot run while the service commits to a status branch (nil: it can, or there is none).
    ///
    /// The watched branch then takes no commits from the service, so nothing the experiment does may need one:
    /// `git` apply mode commits every split to the manifest, and a `spec.promotion.pullRequest` other than `always`
    /// commits some ends straight to the watched branch. Such an experiment holds as invalid, its status saying why
    /// (the service refuses the same at start for its own `--apply-mode` and `--pull-requests`).
    func refusedByStatusBranch(_ experiment: Experiment) -> String? {
        guard let branch = configuration.statusBranch else { return nil }
        let why = "the service commits only to the status branch '\(branch)', never to the watched branch '\(configuration.branch)'"
        if configuration.applyMode(of: experiment) == .git {
            return "spec.promotion.applyMode: git commits every split to the manifest on the watched branch; \(why): use cluster"
        }
        if let policy = experiment.promotion.pullRequest, policy != .always {
            return "spec.promotion.pullRequest: \(policy.rawValue) commits some ends straight to the watched branch; \(why): "
                + "use always (or leave it out)"
        }
        return nil
    }
}
