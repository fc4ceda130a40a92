//! API versions and groups.

/// The API group of an `apiVersion` (`infrastructure.cluster.x-k8s.io/v1beta1` gives
/// `infrastructure.cluster.x-k8s.io`; the core group `v1` gives the empty string).
pub fn api_group(api_version: &str) -> &str {
    api_version
        .rsplit_once('/')
        .map_or("", |(group, _version)| group)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_group_of_api_version() {
        assert_eq!(api_group("v1"), "");
        assert_eq!(api_group("apps/v1"), "apps");
        assert_eq!(
            api_group("infrastructure.cluster.x-k8s.io/v1beta1"),
            "infrastructure.cluster.x-k8s.io"
        );
    }
}
