import Experiments
import Foundation

/// One message about something that happened to an experiment, as every channel receives it.
public struct Notification: Hashable, Sendable {
    /// Stable across retries, restarts and replicas: derived from the experiment, the kind, the iteration and the
    /// spec revision (``NotificationID``). The CloudEvents `id`; receivers drop repeats by it.
    public var id: String
    /// `namespace/name`.
    public var experiment: String
    /// What happened.
    public var kind: NotificationKind
    /// Iterations completed when it happened.
    public var iteration: Int
    /// The pushed commit that recorded it, when known (a notification re-sent after a restart may not know it).
    public var commit: String?
    /// When the service recorded it.
    public var time: Date
    /// One line for people: what happened, and why (the decision's reason for an end).
    public var text: String
    /// The experiment's report in the repository (`experiments/canary.report.5480e4b8.md`), when it has one.
    public var reportPath: String?
    /// The report's web address, when a repository web URL is configured.
    public var reportURL: String?
    /// The object the experiment's split lives on (``Experiments/Experiment/routedObject``), when it has one and the
    /// spec is at hand: Kubernetes Events are written about it.
    public var routedObject: RoutedObject?
    /// For a spec notification task: the experiment at the transition (winner, recommended version, split).
    public var summary: NotificationSummary?

    /// Creates a notification.
    public init(
        id: String, experiment: String, kind: NotificationKind, iteration: Int, commit: String?, time: Date, text: String,
        reportPath: String? = nil, reportURL: String? = nil, routedObject: RoutedObject? = nil,
        summary: NotificationSummary? = nil
    ) {
        self.id = id
        self.experiment = experiment
        self.kind = kind
        self.iteration = iteration
        self.commit = commit
        self.time = time
        self.text = text
        self.reportPath = reportPath
        self.reportURL = reportURL
        self.routedObject = routedObject
        self.summary = summary
    }
}

/// What a notification is about: the kinds of ``ExperimentOutcome``.
public enum NotificationKind: String, Hashable, Sendable, CaseIterable, Codable {
    /// The experiment took its target; iterations begin.
    case started
    /// Traffic moves to a new split.
    case weightsChanged = "weights_changed"
    /// Traffic is held where it is.
    case held
    /// A candidate got all traffic.
    case promoted
    /// Traffic went back to the baseline.
    case rolledBack = "rolled_back"
    /// The evidence allowed no decision.
    case inconclusive
    /// A candidate failed an objective.
    case failed
    /// Ended keeping the last split, or with a human's split.
    case ended

    /// The kind of `outcome`.
    public init(_ outcome: ExperimentOutcome.Kind) {
        switch outcome {
        case .started: self = .started
        case .weightsChanged: self = .weightsChanged
        case .held: self = .held
        case .promoted: self = .promoted
        case .rolledBack: self = .rolledBack
        case .inconclusive: self = .inconclusive
        case .failed: self = .failed
        case .ended: self = .ended
        }
    }

    /// True for the kinds of an end (iter8 v2's `finish` actions run on these).
    public var isEnd: Bool {
        switch self {
        case .started, .weightsChanged, .held: false
        case .promoted, .rolledBack, .inconclusive, .failed, .ended: true
        }
    }

    /// The CloudEvents `type`: `tools.iter8.experiment.promoted`.
    public var cloudEventType: String { "tools.iter8.experiment." + rawValue }
}
