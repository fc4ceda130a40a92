
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubectl-scs' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubectl-scs'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kubectl-scs' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('stack', 'stack', [CompletionResultType]::ParameterValue, 'Cluster stacks: what the cluster-stack-operator does with each Cluster''s addons')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'SCS standard checks')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Workload clusters: what blocks or leaks when a cluster is deleted, and removing it first')
            [CompletionResult]::new('netpol', 'netpol', [CompletionResultType]::ParameterValue, 'NetworkPolicy tools')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Shell completion scripts, and the helper kubectl runs to complete `kubectl scs`')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Plugin version and commit, and the server version when a cluster is reachable')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;stack' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show Clusters with their cluster stack, release, addons and hooks, and why something is stuck')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check a cluster-stack release''s clusteraddon.yaml before it ships')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;stack;status' {
            [CompletionResult]::new('--releases', '--releases', [CompletionResultType]::ParameterName, 'Release assets as CSO downloads them (<release-tag>/clusteraddon.yaml), for AddonWillBeDropped')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Re-render whenever something changes, until Ctrl-C')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Re-render whenever something changes, until Ctrl-C')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit 1 when anything is unhealthy')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;stack;lint' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;stack;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show Clusters with their cluster stack, release, addons and hooks, and why something is stuck')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check a cluster-stack release''s clusteraddon.yaml before it ships')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;stack;help;status' {
            break
        }
        'kubectl-scs;stack;help;lint' {
            break
        }
        'kubectl-scs;stack;help;help' {
            break
        }
        'kubectl-scs;check' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('kubeapi', 'kubeapi', [CompletionResultType]::ParameterValue, 'Is access to each Cluster''s Kubernetes API restricted as configured, and is the API hardened?')
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'The SCS KaaS certification run: SCS''s testcases by section, plus our own checks (kubeapi)')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'scs-0210 (version-policy-check): is the Kubernetes version supported and recent enough, as SCS judges it?')
            [CompletionResult]::new('networking', 'networking', [CompletionResultType]::ParameterValue, 'scs-0219 (kaas-networking-check): run the upstream NetworkPolicy e2e tests and judge them as SCS does')
            [CompletionResult]::new('conformance', 'conformance', [CompletionResultType]::ParameterValue, 'scs-0201 (cncf-k8s-conformance): run the upstream [Conformance] e2e tests and judge them as SCS does')
            [CompletionResult]::new('nodes', 'nodes', [CompletionResultType]::ParameterValue, 'scs-0214 (node-distribution-check, preview in SCS): are the nodes labelled with region and zone, and spread?')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;check;kubeapi' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('--require-restricted', '--require-restricted', [CompletionResultType]::ParameterName, 'Exit 1 when a Cluster''s API is OPEN or its restriction NOT_ENFORCED')
            [CompletionResult]::new('--workload', '--workload', [CompletionResultType]::ParameterName, 'Judge the cluster the context points at (anonymous access, endpoint, scs-0217 hardening) instead of the Clusters it manages')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;check;all' {
            [CompletionResult]::new('--sections', '--sections', [CompletionResultType]::ParameterName, 'SCS sections to run, comma-separated: light (version-policy-check), heavy (cncf-k8s-conformance, kaas-networking-check), preview (node-distribution-check)')
            [CompletionResult]::new('--tests', '--tests', [CompletionResultType]::ParameterName, 'Only the SCS testcases whose id this regex matches at its start (as SCS''s --tests)')
            [CompletionResult]::new('--conformance-results', '--conformance-results', [CompletionResultType]::ParameterName, 'cncf-k8s-conformance: judge these results instead of running the suite (as `check conformance --results`)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'How to test NetworkPolicy')
            [CompletionResult]::new('--results', '--results', [CompletionResultType]::ParameterName, 'Judge existing results instead of running: a sonobuoy tarball, sonobuoy_results.yaml, junit_01.xml, e2e.log or a directory of them')
            [CompletionResult]::new('--waivers', '--waivers', [CompletionResultType]::ParameterName, 'Waiver file in the SCS okToFail format, replacing the built-in SCS list')
            [CompletionResult]::new('--focus', '--focus', [CompletionResultType]::ParameterName, 'E2E_FOCUS regex (default: networking NetworkPolicy, conformance \[Conformance\])')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'E2E_SKIP regex (default: networking \[Disruptive\]|NoExecuteTaintManager, conformance none)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'E2E_PARALLEL: run specs in parallel (default true; conformance --certified false). With an empty skip the image then skips [Serial] tests')
            [CompletionResult]::new('--flake-attempts', '--flake-attempts', [CompletionResultType]::ParameterName, '--ginkgo.flake-attempts: tries of a failing spec (default 2; conformance --certified 1)')
            [CompletionResult]::new('--image-repository', '--image-repository', [CompletionResultType]::ParameterName, 'Pull every image from this registry instead (air-gapped clouds), e.g. harbor.example.com/k8s')
            [CompletionResult]::new('--conformance-image', '--conformance-image', [CompletionResultType]::ParameterName, 'Conformance image (default: registry.k8s.io/conformance:<server version>)')
            [CompletionResult]::new('--sidecar-image', '--sidecar-image', [CompletionResultType]::ParameterName, 'Image of the sidecar holding the results (default: registry.k8s.io/e2e-test-images/busybox:1.36.1-1)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long, e.g. 45m, 3h (default: networking 60m, --mode native 30m, conformance 3h)')
            [CompletionResult]::new('--startup-timeout', '--startup-timeout', [CompletionResultType]::ParameterName, 'Give up when the test pod has not started after this long')
            [CompletionResult]::new('--artifacts', '--artifacts', [CompletionResultType]::ParameterName, 'Keep junit_01.xml and e2e.log in this directory')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --cleanup: delete runs still going too, these (by run id) or, without a value, all')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'Time between status polls')
            [CompletionResult]::new('--cleanup-timeout', '--cleanup-timeout', [CompletionResultType]::ParameterName, 'How long clean-up waits for the namespace to go')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'Minimum time between progress lines when stderr is not a terminal')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'Fixed run id (names of the created objects)')
            [CompletionResult]::new('--probe-timeout', '--probe-timeout', [CompletionResultType]::ParameterName, '--mode native: how long a probe is retried until it shows what the policies say (default and upstream: 10s)')
            [CompletionResult]::new('--probe-interval', '--probe-interval', [CompletionResultType]::ParameterName, '--mode native: time between retries of the probes that do not match yet (default and upstream: 1s)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, '--mode native: `agnhost connect --timeout` of each connection attempt (default and upstream: 1s)')
            [CompletionResult]::new('--baseline-timeout', '--baseline-timeout', [CompletionResultType]::ParameterName, '--mode native: how long every server must be reachable again before a test starts (default: 30s)')
            [CompletionResult]::new('--settle-time', '--settle-time', [CompletionResultType]::ParameterName, '--mode native: a test whose probes all keep connecting as if no NetworkPolicy existed fails after this long instead of after every retry (default: 3s; 0: retry in full)')
            [CompletionResult]::new('--kubernetes-version', '--kubernetes-version', [CompletionResultType]::ParameterName, 'Judge this Kubernetes version instead of the cluster''s, without a cluster (e.g. v1.33.5)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Read the version data from this directory (k8s-eol-data.yml, releases.json, official-cve-feed.json, cve/<CVE-ID>.json) instead of the built-in snapshot')
            [CompletionResult]::new('--eol-url', '--eol-url', [CompletionResultType]::ParameterName, 'Where --refresh gets SCS''s EOL table')
            [CompletionResult]::new('--releases-url', '--releases-url', [CompletionResultType]::ParameterName, 'Where --refresh gets the releases (GitHub releases API)')
            [CompletionResult]::new('--cve-feed-url', '--cve-feed-url', [CompletionResultType]::ParameterName, 'Where --refresh gets the official CVE feed')
            [CompletionResult]::new('--cve-record-url', '--cve-record-url', [CompletionResultType]::ParameterName, 'Where --refresh gets CVE records (<URL>/<CVE-ID>)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('--scs-only', '--scs-only', [CompletionResultType]::ParameterName, 'Only SCS testcases: leave out the checks of kubectl-scs''s own (kubeapi)')
            [CompletionResult]::new('--require-restricted', '--require-restricted', [CompletionResultType]::ParameterName, 'kubeapi: exit 1 when a managed Cluster''s API is OPEN or its restriction NOT_ENFORCED')
            [CompletionResult]::new('--skip-networking', '--skip-networking', [CompletionResultType]::ParameterName, 'Leave out kaas-networking-check (scs-0219) from the heavy section')
            [CompletionResult]::new('--certified', '--certified', [CompletionResultType]::ParameterName, 'cncf-k8s-conformance: the CNCF certification run (serial, every [Conformance] test, one attempt) instead of SCS''s, as `check conformance --certified`')
            [CompletionResult]::new('--no-waivers', '--no-waivers', [CompletionResultType]::ParameterName, 'Waive nothing: every failure counts')
            [CompletionResult]::new('--list-images', '--list-images', [CompletionResultType]::ParameterName, 'Print the images a run needs (and their mirrors with --image-repository), then exit')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Leave the namespace, RBAC and pod in the cluster (remove later with --cleanup)')
            [CompletionResult]::new('--cleanup', '--cleanup', [CompletionResultType]::ParameterName, 'Remove what earlier runs of this check left in the cluster, then exit; runs still going are listed and left alone')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, '--mode native: stop at the first failure that is not waived (the tests not run are reported as skipped)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Download the version data from upstream into the cache directory first, and use it')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;check;versions' {
            [CompletionResult]::new('--kubernetes-version', '--kubernetes-version', [CompletionResultType]::ParameterName, 'Judge this Kubernetes version instead of the cluster''s, without a cluster (e.g. v1.33.5)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Read the version data from this directory (k8s-eol-data.yml, releases.json, official-cve-feed.json, cve/<CVE-ID>.json) instead of the built-in snapshot')
            [CompletionResult]::new('--eol-url', '--eol-url', [CompletionResultType]::ParameterName, 'Where --refresh gets SCS''s EOL table')
            [CompletionResult]::new('--releases-url', '--releases-url', [CompletionResultType]::ParameterName, 'Where --refresh gets the releases (GitHub releases API)')
            [CompletionResult]::new('--cve-feed-url', '--cve-feed-url', [CompletionResultType]::ParameterName, 'Where --refresh gets the official CVE feed')
            [CompletionResult]::new('--cve-record-url', '--cve-record-url', [CompletionResultType]::ParameterName, 'Where --refresh gets CVE records (<URL>/<CVE-ID>)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'Download the version data from upstream into the cache directory first, and use it')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;check;networking' {
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'How to test NetworkPolicy')
            [CompletionResult]::new('--results', '--results', [CompletionResultType]::ParameterName, 'Judge existing results instead of running: a sonobuoy tarball, sonobuoy_results.yaml, junit_01.xml, e2e.log or a directory of them')
            [CompletionResult]::new('--waivers', '--waivers', [CompletionResultType]::ParameterName, 'Waiver file in the SCS okToFail format, replacing the built-in SCS list')
            [CompletionResult]::new('--focus', '--focus', [CompletionResultType]::ParameterName, 'E2E_FOCUS regex (default: networking NetworkPolicy, conformance \[Conformance\])')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'E2E_SKIP regex (default: networking \[Disruptive\]|NoExecuteTaintManager, conformance none)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'E2E_PARALLEL: run specs in parallel (default true; conformance --certified false). With an empty skip the image then skips [Serial] tests')
            [CompletionResult]::new('--flake-attempts', '--flake-attempts', [CompletionResultType]::ParameterName, '--ginkgo.flake-attempts: tries of a failing spec (default 2; conformance --certified 1)')
            [CompletionResult]::new('--image-repository', '--image-repository', [CompletionResultType]::ParameterName, 'Pull every image from this registry instead (air-gapped clouds), e.g. harbor.example.com/k8s')
            [CompletionResult]::new('--conformance-image', '--conformance-image', [CompletionResultType]::ParameterName, 'Conformance image (default: registry.k8s.io/conformance:<server version>)')
            [CompletionResult]::new('--sidecar-image', '--sidecar-image', [CompletionResultType]::ParameterName, 'Image of the sidecar holding the results (default: registry.k8s.io/e2e-test-images/busybox:1.36.1-1)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long, e.g. 45m, 3h (default: networking 60m, --mode native 30m, conformance 3h)')
            [CompletionResult]::new('--startup-timeout', '--startup-timeout', [CompletionResultType]::ParameterName, 'Give up when the test pod has not started after this long')
            [CompletionResult]::new('--artifacts', '--artifacts', [CompletionResultType]::ParameterName, 'Keep junit_01.xml and e2e.log in this directory')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --cleanup: delete runs still going too, these (by run id) or, without a value, all')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'Time between status polls')
            [CompletionResult]::new('--cleanup-timeout', '--cleanup-timeout', [CompletionResultType]::ParameterName, 'How long clean-up waits for the namespace to go')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'Minimum time between progress lines when stderr is not a terminal')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'Fixed run id (names of the created objects)')
            [CompletionResult]::new('--probe-timeout', '--probe-timeout', [CompletionResultType]::ParameterName, '--mode native: how long a probe is retried until it shows what the policies say (default and upstream: 10s)')
            [CompletionResult]::new('--probe-interval', '--probe-interval', [CompletionResultType]::ParameterName, '--mode native: time between retries of the probes that do not match yet (default and upstream: 1s)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, '--mode native: `agnhost connect --timeout` of each connection attempt (default and upstream: 1s)')
            [CompletionResult]::new('--baseline-timeout', '--baseline-timeout', [CompletionResultType]::ParameterName, '--mode native: how long every server must be reachable again before a test starts (default: 30s)')
            [CompletionResult]::new('--settle-time', '--settle-time', [CompletionResultType]::ParameterName, '--mode native: a test whose probes all keep connecting as if no NetworkPolicy existed fails after this long instead of after every retry (default: 3s; 0: retry in full)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('--no-waivers', '--no-waivers', [CompletionResultType]::ParameterName, 'Waive nothing: every failure counts')
            [CompletionResult]::new('--list-images', '--list-images', [CompletionResultType]::ParameterName, 'Print the images a run needs (and their mirrors with --image-repository), then exit')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Leave the namespace, RBAC and pod in the cluster (remove later with --cleanup)')
            [CompletionResult]::new('--cleanup', '--cleanup', [CompletionResultType]::ParameterName, 'Remove what earlier runs of this check left in the cluster, then exit; runs still going are listed and left alone')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, '--mode native: stop at the first failure that is not waived (the tests not run are reported as skipped)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;check;conformance' {
            [CompletionResult]::new('--results', '--results', [CompletionResultType]::ParameterName, 'Judge existing results instead of running: a sonobuoy tarball, sonobuoy_results.yaml, junit_01.xml, e2e.log or a directory of them')
            [CompletionResult]::new('--waivers', '--waivers', [CompletionResultType]::ParameterName, 'Waiver file in the SCS okToFail format, replacing the built-in SCS list')
            [CompletionResult]::new('--focus', '--focus', [CompletionResultType]::ParameterName, 'E2E_FOCUS regex (default: networking NetworkPolicy, conformance \[Conformance\])')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'E2E_SKIP regex (default: networking \[Disruptive\]|NoExecuteTaintManager, conformance none)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'E2E_PARALLEL: run specs in parallel (default true; conformance --certified false). With an empty skip the image then skips [Serial] tests')
            [CompletionResult]::new('--flake-attempts', '--flake-attempts', [CompletionResultType]::ParameterName, '--ginkgo.flake-attempts: tries of a failing spec (default 2; conformance --certified 1)')
            [CompletionResult]::new('--image-repository', '--image-repository', [CompletionResultType]::ParameterName, 'Pull every image from this registry instead (air-gapped clouds), e.g. harbor.example.com/k8s')
            [CompletionResult]::new('--conformance-image', '--conformance-image', [CompletionResultType]::ParameterName, 'Conformance image (default: registry.k8s.io/conformance:<server version>)')
            [CompletionResult]::new('--sidecar-image', '--sidecar-image', [CompletionResultType]::ParameterName, 'Image of the sidecar holding the results (default: registry.k8s.io/e2e-test-images/busybox:1.36.1-1)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long, e.g. 45m, 3h (default: networking 60m, --mode native 30m, conformance 3h)')
            [CompletionResult]::new('--startup-timeout', '--startup-timeout', [CompletionResultType]::ParameterName, 'Give up when the test pod has not started after this long')
            [CompletionResult]::new('--artifacts', '--artifacts', [CompletionResultType]::ParameterName, 'Keep junit_01.xml and e2e.log in this directory')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --cleanup: delete runs still going too, these (by run id) or, without a value, all')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'Time between status polls')
            [CompletionResult]::new('--cleanup-timeout', '--cleanup-timeout', [CompletionResultType]::ParameterName, 'How long clean-up waits for the namespace to go')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'Minimum time between progress lines when stderr is not a terminal')
            [CompletionResult]::new('--run-id', '--run-id', [CompletionResultType]::ParameterName, 'Fixed run id (names of the created objects)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('--certified', '--certified', [CompletionResultType]::ParameterName, 'The CNCF certification run: serial, every [Conformance] test ([Serial] ones included), one attempt (default: as SCS runs it, parallel with 2 flake attempts, [Serial] tests skipped)')
            [CompletionResult]::new('--no-waivers', '--no-waivers', [CompletionResultType]::ParameterName, 'Waive nothing: every failure counts')
            [CompletionResult]::new('--list-images', '--list-images', [CompletionResultType]::ParameterName, 'Print the images a run needs (and their mirrors with --image-repository), then exit')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Leave the namespace, RBAC and pod in the cluster (remove later with --cleanup)')
            [CompletionResult]::new('--cleanup', '--cleanup', [CompletionResultType]::ParameterName, 'Remove what earlier runs of this check left in the cluster, then exit; runs still going are listed and left alone')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;check;nodes' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;check;help' {
            [CompletionResult]::new('kubeapi', 'kubeapi', [CompletionResultType]::ParameterValue, 'Is access to each Cluster''s Kubernetes API restricted as configured, and is the API hardened?')
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'The SCS KaaS certification run: SCS''s testcases by section, plus our own checks (kubeapi)')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'scs-0210 (version-policy-check): is the Kubernetes version supported and recent enough, as SCS judges it?')
            [CompletionResult]::new('networking', 'networking', [CompletionResultType]::ParameterValue, 'scs-0219 (kaas-networking-check): run the upstream NetworkPolicy e2e tests and judge them as SCS does')
            [CompletionResult]::new('conformance', 'conformance', [CompletionResultType]::ParameterValue, 'scs-0201 (cncf-k8s-conformance): run the upstream [Conformance] e2e tests and judge them as SCS does')
            [CompletionResult]::new('nodes', 'nodes', [CompletionResultType]::ParameterValue, 'scs-0214 (node-distribution-check, preview in SCS): are the nodes labelled with region and zone, and spread?')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;check;help;kubeapi' {
            break
        }
        'kubectl-scs;check;help;all' {
            break
        }
        'kubectl-scs;check;help;versions' {
            break
        }
        'kubectl-scs;check;help;networking' {
            break
        }
        'kubectl-scs;check;help;conformance' {
            break
        }
        'kubectl-scs;check;help;nodes' {
            break
        }
        'kubectl-scs;check;help;help' {
            break
        }
        'kubectl-scs;cluster' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'List (and with --delete remove) what blocks or leaks when this workload cluster is deleted: LoadBalancer Services, volumes, snapshots')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;cluster;cleanup' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'With --delete: how long to wait until load balancers and volumes are really gone')
            [CompletionResult]::new('--workloads', '--workloads', [CompletionResultType]::ParameterName, 'With --delete: how to stop workloads that would recreate or hold a volume')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete what blocks or leaks: asks what to delete on a terminal; needs --yes otherwise')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --delete: delete everything listed without asking (Retain volumes only with --delete-retained)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --delete: delete everything listed without asking (Retain volumes only with --delete-retained)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --delete: send every request with server-side dry run; nothing changes')
            [CompletionResult]::new('--delete-retained', '--delete-retained', [CompletionResultType]::ParameterName, 'With --delete: also switch volumes with reclaim policy Retain to Delete, so that their cloud volumes go too (on a terminal: ticked at the start)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --delete: go on although the cloud controller or CSI controller is not running (their load balancers and volumes are then left in the cloud)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;cluster;help' {
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'List (and with --delete remove) what blocks or leaks when this workload cluster is deleted: LoadBalancer Services, volumes, snapshots')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;cluster;help;cleanup' {
            break
        }
        'kubectl-scs;cluster;help;help' {
            break
        }
        'kubectl-scs;netpol' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Which pods may talk to which under the NetworkPolicies, computed without sending traffic')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Are workloads isolated, which policies do nothing, and what will not work as it seems')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;netpol;simulate' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Destination port: a number, or a container port name looked up on each destination pod')
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'Protocol: TCP, UDP or SCTP')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Explain one connection instead of printing the table: from this pod (NS/POD, or POD with -n) or IP address')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Explain one connection: to this pod (NS/POD, or POD with -n) or IP address')
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'NetworkPolicies to try (repeatable): added to the ones read, replacing those of the same namespace/name')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('--replace-policies', '--replace-policies', [CompletionResultType]::ParameterName, 'Use only the --policies files'' policies, ignoring the ones read from the cluster or -f')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;netpol;audit' {
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when a finding of this severity or worse exists (default: exit 0 whatever is found)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;netpol;help' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Which pods may talk to which under the NetworkPolicies, computed without sending traffic')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Are workloads isolated, which policies do nothing, and what will not work as it seems')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;netpol;help;simulate' {
            break
        }
        'kubectl-scs;netpol;help;audit' {
            break
        }
        'kubectl-scs;netpol;help;help' {
            break
        }
        'kubectl-scs;completion' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('bash', 'bash', [CompletionResultType]::ParameterValue, 'Bash completion for `kubectl-scs` (source it from ~/.bashrc)')
            [CompletionResult]::new('zsh', 'zsh', [CompletionResultType]::ParameterValue, 'Zsh completion for `kubectl-scs` (save as _kubectl-scs in a directory on $fpath)')
            [CompletionResult]::new('fish', 'fish', [CompletionResultType]::ParameterValue, 'Fish completion for `kubectl-scs` (save in ~/.config/fish/completions/)')
            [CompletionResult]::new('powershell', 'powershell', [CompletionResultType]::ParameterValue, 'PowerShell completion for `kubectl-scs` (dot-source it from $PROFILE)')
            [CompletionResult]::new('install-kubectl-helper', 'install-kubectl-helper', [CompletionResultType]::ParameterValue, 'Put kubectl_complete-scs on PATH so that `kubectl scs <TAB>` completes (kubectl >= 1.26)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;completion;bash' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;completion;zsh' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;completion;fish' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;completion;powershell' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;completion;install-kubectl-helper' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;completion;help' {
            [CompletionResult]::new('bash', 'bash', [CompletionResultType]::ParameterValue, 'Bash completion for `kubectl-scs` (source it from ~/.bashrc)')
            [CompletionResult]::new('zsh', 'zsh', [CompletionResultType]::ParameterValue, 'Zsh completion for `kubectl-scs` (save as _kubectl-scs in a directory on $fpath)')
            [CompletionResult]::new('fish', 'fish', [CompletionResultType]::ParameterValue, 'Fish completion for `kubectl-scs` (save in ~/.config/fish/completions/)')
            [CompletionResult]::new('powershell', 'powershell', [CompletionResultType]::ParameterValue, 'PowerShell completion for `kubectl-scs` (dot-source it from $PROFILE)')
            [CompletionResult]::new('install-kubectl-helper', 'install-kubectl-helper', [CompletionResultType]::ParameterValue, 'Put kubectl_complete-scs on PATH so that `kubectl scs <TAB>` completes (kubectl >= 1.26)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;completion;help;bash' {
            break
        }
        'kubectl-scs;completion;help;zsh' {
            break
        }
        'kubectl-scs;completion;help;fish' {
            break
        }
        'kubectl-scs;completion;help;powershell' {
            break
        }
        'kubectl-scs;completion;help;install-kubectl-helper' {
            break
        }
        'kubectl-scs;completion;help;help' {
            break
        }
        'kubectl-scs;version' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace scope (default: the context''s namespace)')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'All namespaces')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'No colours (also when NO_COLOR is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-scs;help' {
            [CompletionResult]::new('stack', 'stack', [CompletionResultType]::ParameterValue, 'Cluster stacks: what the cluster-stack-operator does with each Cluster''s addons')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'SCS standard checks')
            [CompletionResult]::new('cluster', 'cluster', [CompletionResultType]::ParameterValue, 'Workload clusters: what blocks or leaks when a cluster is deleted, and removing it first')
            [CompletionResult]::new('netpol', 'netpol', [CompletionResultType]::ParameterValue, 'NetworkPolicy tools')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Shell completion scripts, and the helper kubectl runs to complete `kubectl scs`')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Plugin version and commit, and the server version when a cluster is reachable')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-scs;help;stack' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show Clusters with their cluster stack, release, addons and hooks, and why something is stuck')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check a cluster-stack release''s clusteraddon.yaml before it ships')
            break
        }
        'kubectl-scs;help;stack;status' {
            break
        }
        'kubectl-scs;help;stack;lint' {
            break
        }
        'kubectl-scs;help;check' {
            [CompletionResult]::new('kubeapi', 'kubeapi', [CompletionResultType]::ParameterValue, 'Is access to each Cluster''s Kubernetes API restricted as configured, and is the API hardened?')
            [CompletionResult]::new('all', 'all', [CompletionResultType]::ParameterValue, 'The SCS KaaS certification run: SCS''s testcases by section, plus our own checks (kubeapi)')
            [CompletionResult]::new('versions', 'versions', [CompletionResultType]::ParameterValue, 'scs-0210 (version-policy-check): is the Kubernetes version supported and recent enough, as SCS judges it?')
            [CompletionResult]::new('networking', 'networking', [CompletionResultType]::ParameterValue, 'scs-0219 (kaas-networking-check): run the upstream NetworkPolicy e2e tests and judge them as SCS does')
            [CompletionResult]::new('conformance', 'conformance', [CompletionResultType]::ParameterValue, 'scs-0201 (cncf-k8s-conformance): run the upstream [Conformance] e2e tests and judge them as SCS does')
            [CompletionResult]::new('nodes', 'nodes', [CompletionResultType]::ParameterValue, 'scs-0214 (node-distribution-check, preview in SCS): are the nodes labelled with region and zone, and spread?')
            break
        }
        'kubectl-scs;help;check;kubeapi' {
            break
        }
        'kubectl-scs;help;check;all' {
            break
        }
        'kubectl-scs;help;check;versions' {
            break
        }
        'kubectl-scs;help;check;networking' {
            break
        }
        'kubectl-scs;help;check;conformance' {
            break
        }
        'kubectl-scs;help;check;nodes' {
            break
        }
        'kubectl-scs;help;cluster' {
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'List (and with --delete remove) what blocks or leaks when this workload cluster is deleted: LoadBalancer Services, volumes, snapshots')
            break
        }
        'kubectl-scs;help;cluster;cleanup' {
            break
        }
        'kubectl-scs;help;netpol' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Which pods may talk to which under the NetworkPolicies, computed without sending traffic')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Are workloads isolated, which policies do nothing, and what will not work as it seems')
            break
        }
        'kubectl-scs;help;netpol;simulate' {
            break
        }
        'kubectl-scs;help;netpol;audit' {
            break
        }
        'kubectl-scs;help;completion' {
            [CompletionResult]::new('bash', 'bash', [CompletionResultType]::ParameterValue, 'Bash completion for `kubectl-scs` (source it from ~/.bashrc)')
            [CompletionResult]::new('zsh', 'zsh', [CompletionResultType]::ParameterValue, 'Zsh completion for `kubectl-scs` (save as _kubectl-scs in a directory on $fpath)')
            [CompletionResult]::new('fish', 'fish', [CompletionResultType]::ParameterValue, 'Fish completion for `kubectl-scs` (save in ~/.config/fish/completions/)')
            [CompletionResult]::new('powershell', 'powershell', [CompletionResultType]::ParameterValue, 'PowerShell completion for `kubectl-scs` (dot-source it from $PROFILE)')
            [CompletionResult]::new('install-kubectl-helper', 'install-kubectl-helper', [CompletionResultType]::ParameterValue, 'Put kubectl_complete-scs on PATH so that `kubectl scs <TAB>` completes (kubectl >= 1.26)')
            break
        }
        'kubectl-scs;help;completion;bash' {
            break
        }
        'kubectl-scs;help;completion;zsh' {
            break
        }
        'kubectl-scs;help;completion;fish' {
            break
        }
        'kubectl-scs;help;completion;powershell' {
            break
        }
        'kubectl-scs;help;completion;install-kubectl-helper' {
            break
        }
        'kubectl-scs;help;version' {
            break
        }
        'kubectl-scs;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
