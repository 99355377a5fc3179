import Foundation
import GitOps
import Sandbox

/// The simulated mesh's clock: `now` is the mesh's simulated time, and a wait of `s` simulated seconds
/// takes `s / timeScale` real seconds (the mesh is driven from the real clock meanwhile).
public struct MeshClock: ReconcilerClock {
    /// The mesh.
    public let mesh: SimulatedMesh

    /// Simulated seconds per real second.
    public let timeScale: Double

    /// Creates the clock of `mesh`, which runs at `timeScale`.
    public init(mesh: SimulatedMesh, timeScale: Double) {
        self.mesh = mesh
        self.timeScale = timeScale
    }

    /// The mesh's simulated now.
    public func now() async -> Date { await mesh.now }

    /// Waits `seconds` simulated seconds.
    public func sleep(seconds: Double) async throws {
        let real = max(0, seconds) / timeScale
        try await Task.sleep(for: .milliseconds(Int64((real * 1000).rounded())))
    }
}
