/// iter8 v2's rollback rule made statistical: recommend a rollback when any version (the baseline
/// included, as in iter8 v2) fails an objective that has `rollbackOnFailure`.
enum RollbackCheck {
    static func assess(versions: [VersionAssessment], objectives: [Objective]) -> RollbackAssessment {
        for version in versions {
            for (index, objective) in objectives.enumerated()
            where objective.rollbackOnFailure && version.objectives[index].assessment == .fail {
                return RollbackAssessment(
                    recommended: true,
                    reason: "\(version.name) fails the objective on \(objective.metric), which has rollbackOnFailure")
            }
        }
        return RollbackAssessment(recommended: false, reason: nil)
    }
}
