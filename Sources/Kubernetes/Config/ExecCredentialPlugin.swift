/// A kubeconfig `users[].user.exec` credential plugin: a command that prints an `ExecCredential` JSON.
///
/// The `description` shows the command and arguments and the names of extra environment variables, never
/// their values.
public struct ExecCredentialPlugin: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// `client.authentication.k8s.io/v1` or `client.authentication.k8s.io/v1beta1`.
    public var apiVersion: String
    /// The command: an absolute path, a path relative to the kubeconfig's folder (when it contains `/`), or a
    /// name looked up in `PATH`.
    public var command: String
    /// Arguments.
    public var args: [String]
    /// Extra environment variables, added to this process's environment, in order.
    public var env: [EnvVar]
    /// `Never`, `IfAvailable` or `Always`; this client never has a terminal, so `Always` is refused.
    public var interactiveMode: String?
    /// Printed with a "command not found" error, to tell the user how to install the plugin.
    public var installHint: String?
    /// The folder of the kubeconfig that declared the plugin (relative commands are resolved against it).
    public var baseDirectory: String

    /// One `env` entry.
    public struct EnvVar: Sendable, Hashable, Codable {
        /// The variable's name.
        public var name: String
        /// The variable's value.
        public var value: String

        /// Creates an entry.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The versions of the ExecCredential protocol this client speaks.
    public static let supportedAPIVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    /// Creates a plugin configuration.
    public init(
        apiVersion: String = "client.authentication.k8s.io/v1", command: String, args: [String] = [],
        env: [EnvVar] = [], interactiveMode: String? = nil, installHint: String? = nil, baseDirectory: String = "/"
    ) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.interactiveMode = interactiveMode
        self.installHint = installHint
        self.baseDirectory = baseDirectory
    }

    /// The command line as shown in errors: command and arguments.
    public var commandLine: String { ([command] + args).joined(separator: " ") }

    public var description: String {
        "exec \(commandLine) (\(apiVersion)\(env.isEmpty ? "" : ", env \(env.map(\.name).joined(separator: ","))"))"
    }

    /// A mirror without children, so `dump` shows only ``description``.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
