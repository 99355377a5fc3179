import Foundation

/// `spec.strategy.actions`: the `notification/slack` and `notification/http` tasks of `start` and `finish` become
/// ``NotificationTask``s, their inputs checked here (a bad input is an error at its path, not a failed send later).
/// Every other task is a warning that says it is not run — never silently dropped.
enum TaskRules {
    static let slackInputs = ["channel", "secret", "ignoreFailure"]
    static let httpInputs = ["url", "URL", "method", "authType", "secret", "headers", "body", "ignoreFailure"]

    static func validate(
        _ actions: [String: [ExperimentDocument.Task]]?, namespace: String, at path: FieldPath, _ issues: inout IssueList
    ) -> [NotificationTask] {
        var tasks: [NotificationTask] = []
        for (action, list) in (actions ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (index, task) in list.enumerated() {
                let taskPath = path.appending(action).appending(index)
                guard (task.task == nil) != (task.run == nil) else {
                    issues.error(taskPath, "a task needs exactly one of task or run")
                    continue
                }
                guard let name = task.task else {
                    issues.warning(taskPath, "this run script is not run: the service runs no scripts")
                    continue
                }
                guard name == "notification/slack" || name == "notification/http" else {
                    issues.warning(
                        taskPath, "task \(name) is not run: the service runs notification/slack and notification/http tasks only")
                    continue
                }
                guard let when = NotificationTask.Action(rawValue: action) else {
                    issues.warning(
                        taskPath,
                        "task \(name) in \(ExperimentValidator.quoted(action)) is not run: notification tasks run in start and "
                            + "finish only (for every iteration, configure the service's channels: docs/notifications.md)")
                    continue
                }
                if let made = notificationTask(name, task, action: when, index: index, namespace: namespace, at: taskPath, &issues) {
                    tasks.append(made)
                }
            }
        }
        return tasks.sorted { ($0.action == .start ? 0 : 1, $0.index) < ($1.action == .start ? 0 : 1, $1.index) }
    }

    static func notificationTask(
        _ name: String, _ task: ExperimentDocument.Task, action: NotificationTask.Action, index: Int, namespace: String,
        at path: FieldPath, _ issues: inout IssueList
    ) -> NotificationTask? {
        let before = issues.issues.count
        func failed() -> Bool { issues.issues[before...].contains { $0.severity == .error } }
        let inputs = task.with ?? [:]
        let withPath = path.appending("with")
        let allowed = name == "notification/slack" ? slackInputs : httpInputs
        for key in inputs.keys.sorted() where !allowed.contains(key) {
            issues.error(withPath.appending(key), "unknown input of \(name) (expected \(allowed.joined(separator: ", ")))")
        }
        var condition: TaskCondition?
        if let text = task.if {
            condition = TaskCondition(parsing: text)
            if condition == nil {
                issues.error(
                    path.appending("if"),
                    "expected WinnerFound(), CandidateWon() or either negated with !, found \(ExperimentValidator.quoted(text)): "
                        + "the service evaluates no other condition")
            }
        }
        if let ignore = text(inputs["ignoreFailure"], at: withPath.appending("ignoreFailure"), &issues) {
            switch ignore {
            case "true": break
            case "false":
                issues.warning(
                    withPath.appending("ignoreFailure"),
                    "false is not honoured: a notification that fails is retried and never fails or holds the experiment")
            default:
                issues.error(withPath.appending("ignoreFailure"), "expected true or false, found \(ExperimentValidator.quoted(ignore))")
            }
        }
        let secret = secretName(inputs["secret"], namespace: namespace, at: withPath.appending("secret"), &issues)
        let kind: NotificationTask.Kind?
        if name == "notification/slack" {
            kind = slack(inputs, secret: secret, at: withPath, &issues)
        } else {
            kind = HTTPTaskRules.validate(inputs, secret: secret, at: withPath, &issues).map { .http($0) }
        }
        guard let kind, !failed() else { return nil }
        return NotificationTask(action: action, index: index, condition: condition, kind: kind, secret: secret)
    }

    static func slack(
        _ inputs: [String: TaskValue], secret: String?, at path: FieldPath, _ issues: inout IssueList
    ) -> NotificationTask.Kind? {
        if inputs["secret"] == nil {
            issues.error(path.appending("secret"), "missing required input: the Secret whose key token is the Slack bot token")
        }
        guard let channel = text(inputs["channel"], at: path.appending("channel"), &issues) else {
            if inputs["channel"] == nil {
                issues.error(path.appending("channel"), "missing required input: the Slack channel's id (C…) or name")
            }
            return nil
        }
        guard !channel.trimmingCharacters(in: .whitespaces).isEmpty, channel.count <= 200,
            !channel.contains(where: { $0.isNewline })
        else {
            issues.error(path.appending("channel"), "expected a Slack channel's id (C…) or name, found \(ExperimentValidator.quoted(channel))")
            return nil
        }
        return .slack(channel: channel)
    }

    /// `with.secret`: `name` or `namespace/name`, in the experiment's namespace only.
    static func secretName(_ value: TaskValue?, namespace: String, at path: FieldPath, _ issues: inout IssueList) -> String? {
        guard let text = text(value, at: path, &issues) else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, let name = parts.last, KubernetesName.isSubdomain(name),
            parts.count == 1 || KubernetesName.isLabel(parts[0])
        else {
            issues.error(
                path, "expected name or namespace/name, found \(ExperimentValidator.quoted(text)): "
                    + KubernetesName.subdomainRule("the name"))
            return nil
        }
        if parts.count == 2, parts[0] != namespace {
            issues.error(
                path,
                "the Secret must be in the experiment's namespace \(namespace), not \(parts[0]): a spec reads no other "
                    + "namespace's Secrets")
            return nil
        }
        return name
    }

    /// The input as text; an error when it is a list or a mapping.
    static func text(_ value: TaskValue?, at path: FieldPath, _ issues: inout IssueList) -> String? {
        guard let value else { return nil }
        guard let text = value.text else {
            issues.error(path, "expected text, found \(value.shape)")
            return nil
        }
        return text
    }
}
