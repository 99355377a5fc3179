/// ``JSONValue`` lives in the JSON module, below Kubernetes and PromQL (which reads Prometheus answers with it);
/// Kubernetes re-exports it, so every `import Kubernetes` still sees it.
@_exported import JSON
