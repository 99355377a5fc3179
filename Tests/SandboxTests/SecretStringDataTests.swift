import Foundation
import Kubernetes
import Sandbox
import Testing
import TestSupport

/// Secrets written with `stringData`, as kube-apiserver stores them: base64 in `data`, no `stringData`.
@Suite("Sandbox: Secret stringData")
struct SecretStringDataTests {
    static func secret(token: String) -> String {
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: credentials
          namespace: default
        data:
          kept: a2VwdA==
          git-token: b2xk
        stringData:
          git-token: \(token)

        """
    }

    @Test("kubectl apply stores stringData as base64 data (overriding equal keys); a second apply changes it")
    func stringDataBecomesData() async throws {
        try await TemporarySandbox.with { sandbox in
            let kubectl = try KubectlTests.Kubectl(sandbox)
            try await kubectl("apply", "-f", try kubectl.file("secret.yaml", Self.secret(token: "REPLACE_ME")))
            let type = ResourceType(group: "", version: "v1", resource: "secrets", kind: "Secret", namespaced: true)
            let stored = try await sandbox.store.get(type, namespace: "default", name: "credentials")
            #expect(stored["stringData"] == nil)
            #expect(stored["data"]?["git-token"] == .string(Data("REPLACE_ME".utf8).base64EncodedString()))
            #expect(stored["data"]?["kept"] == "a2VwdA==")
            #expect(stored["type"] == "Opaque")
            let changed = try await kubectl("apply", "-f", try kubectl.file("secret.yaml", Self.secret(token: "s3cret")))
            #expect(changed.contains("secret/credentials configured"), "\(changed)")
            let token = try await kubectl("get", "secret", "credentials", "-o", "jsonpath={.data.git-token}")
            #expect(token == Data("s3cret".utf8).base64EncodedString())
        }
    }
}
