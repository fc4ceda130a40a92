# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_scs_global_optspecs
    string join \n kubeconfig= context= cluster= user= n/namespace= A/all-namespaces request-timeout= no-color v/verbose h/help V/version
end

function __fish_kubectl_scs_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_scs_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_scs_using_subcommand
    set -l cmd (__fish_kubectl_scs_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -f -a "stack" -d 'Cluster stacks: what the cluster-stack-operator does with each Cluster\'s addons'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -f -a "check" -d 'SCS standard checks'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -f -a "cluster" -d 'Workload clusters: what blocks or leaks when a cluster is deleted, and removing it first'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -f -a "netpol" -d 'NetworkPolicy tools'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -f -a "completion" -d 'Shell completion scripts, and the helper kubectl runs to complete `kubectl scs`'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -f -a "version" -d 'Plugin version and commit, and the server version when a cluster is reachable'
complete -c kubectl-scs -n "__fish_kubectl_scs_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -f -a "status" -d 'Show Clusters with their cluster stack, release, addons and hooks, and why something is stuck'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -f -a "lint" -d 'Check a cluster-stack release\'s clusteraddon.yaml before it ships'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and not __fish_seen_subcommand_from status lint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -l releases -d 'Release assets as CSO downloads them (<release-tag>/clusteraddon.yaml), for AddonWillBeDropped' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -s f -l from-file -d 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -s w -l watch -d 'Re-render whenever something changes, until Ctrl-C'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -l exit-code -d 'Exit 1 when anything is unhealthy'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show Clusters with their cluster stack, release, addons and hooks, and why something is stuck'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check a cluster-stack release\'s clusteraddon.yaml before it ships'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand stack; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -f -a "kubeapi" -d 'Is access to each Cluster\'s Kubernetes API restricted as configured, and is the API hardened?'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -f -a "all" -d 'The SCS KaaS certification run: SCS\'s testcases by section, plus our own checks (kubeapi)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -f -a "versions" -d 'scs-0210 (version-policy-check): is the Kubernetes version supported and recent enough, as SCS judges it?'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -f -a "networking" -d 'scs-0219 (kaas-networking-check): run the upstream NetworkPolicy e2e tests and judge them as SCS does'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -f -a "conformance" -d 'scs-0201 (cncf-k8s-conformance): run the upstream [Conformance] e2e tests and judge them as SCS does'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -f -a "nodes" -d 'scs-0214 (node-distribution-check, preview in SCS): are the nodes labelled with region and zone, and spread?'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and not __fish_seen_subcommand_from kubeapi all versions networking conformance nodes help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -s f -l from-file -d 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'
junit\t'JUnit XML for CI systems'
scs\t'SCS test-runner lines'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -l require-restricted -d 'Exit 1 when a Cluster\'s API is OPEN or its restriction NOT_ENFORCED'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -l workload -d 'Judge the cluster the context points at (anonymous access, endpoint, scs-0217 hardening) instead of the Clusters it manages'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from kubeapi" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l sections -d 'SCS sections to run, comma-separated: light (version-policy-check), heavy (cncf-k8s-conformance, kaas-networking-check), preview (node-distribution-check)' -r -f -a "light\t'version-policy-check (seconds)'
heavy\t'cncf-k8s-conformance and kaas-networking-check (hours)'
preview\t'node-distribution-check (SCS: preview target, checked manually)'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l tests -d 'Only the SCS testcases whose id this regex matches at its start (as SCS\'s --tests)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l conformance-results -d 'cncf-k8s-conformance: judge these results instead of running the suite (as `check conformance --results`)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l mode -d 'How to test NetworkPolicy' -r -f -a "e2e\t'The upstream e2e suite in the conformance image (what SCS runs)'
native\t'The suite\'s traffic tests run by this tool: probes between pods, by exec'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l results -d 'Judge existing results instead of running: a sonobuoy tarball, sonobuoy_results.yaml, junit_01.xml, e2e.log or a directory of them' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l waivers -d 'Waiver file in the SCS okToFail format, replacing the built-in SCS list' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l focus -d 'E2E_FOCUS regex (default: networking NetworkPolicy, conformance \\[Conformance\\])' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l skip -d 'E2E_SKIP regex (default: networking \\[Disruptive\\]|NoExecuteTaintManager, conformance none)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l parallel -d 'E2E_PARALLEL: run specs in parallel (default true; conformance --certified false). With an empty skip the image then skips [Serial] tests' -r -f -a "true\t''
false\t''"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l flake-attempts -d '--ginkgo.flake-attempts: tries of a failing spec (default 2; conformance --certified 1)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l image-repository -d 'Pull every image from this registry instead (air-gapped clouds), e.g. harbor.example.com/k8s' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l conformance-image -d 'Conformance image (default: registry.k8s.io/conformance:<server version>)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l sidecar-image -d 'Image of the sidecar holding the results (default: registry.k8s.io/e2e-test-images/busybox:1.36.1-1)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l timeout -d 'Give up after this long, e.g. 45m, 3h (default: networking 60m, --mode native 30m, conformance 3h)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l startup-timeout -d 'Give up when the test pod has not started after this long' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l artifacts -d 'Keep junit_01.xml and e2e.log in this directory' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l force -d 'With --cleanup: delete runs still going too, these (by run id) or, without a value, all' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l poll-interval -d 'Time between status polls' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l cleanup-timeout -d 'How long clean-up waits for the namespace to go' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l progress-interval -d 'Minimum time between progress lines when stderr is not a terminal' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l run-id -d 'Fixed run id (names of the created objects)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l probe-timeout -d '--mode native: how long a probe is retried until it shows what the policies say (default and upstream: 10s)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l probe-interval -d '--mode native: time between retries of the probes that do not match yet (default and upstream: 1s)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l connect-timeout -d '--mode native: `agnhost connect --timeout` of each connection attempt (default and upstream: 1s)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l baseline-timeout -d '--mode native: how long every server must be reachable again before a test starts (default: 30s)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l settle-time -d '--mode native: a test whose probes all keep connecting as if no NetworkPolicy existed fails after this long instead of after every retry (default: 3s; 0: retry in full)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l kubernetes-version -d 'Judge this Kubernetes version instead of the cluster\'s, without a cluster (e.g. v1.33.5)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l data -d 'Read the version data from this directory (k8s-eol-data.yml, releases.json, official-cve-feed.json, cve/<CVE-ID>.json) instead of the built-in snapshot' -r -f -a "(__fish_complete_directories)"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l eol-url -d 'Where --refresh gets SCS\'s EOL table' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l releases-url -d 'Where --refresh gets the releases (GitHub releases API)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l cve-feed-url -d 'Where --refresh gets the official CVE feed' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l cve-record-url -d 'Where --refresh gets CVE records (<URL>/<CVE-ID>)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'
junit\t'JUnit XML for CI systems'
scs\t'SCS test-runner lines'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l scs-only -d 'Only SCS testcases: leave out the checks of kubectl-scs\'s own (kubeapi)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l require-restricted -d 'kubeapi: exit 1 when a managed Cluster\'s API is OPEN or its restriction NOT_ENFORCED'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l skip-networking -d 'Leave out kaas-networking-check (scs-0219) from the heavy section'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l certified -d 'cncf-k8s-conformance: the CNCF certification run (serial, every [Conformance] test, one attempt) instead of SCS\'s, as `check conformance --certified`'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l no-waivers -d 'Waive nothing: every failure counts'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l list-images -d 'Print the images a run needs (and their mirrors with --image-repository), then exit'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l keep -d 'Leave the namespace, RBAC and pod in the cluster (remove later with --cleanup)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l cleanup -d 'Remove what earlier runs of this check left in the cluster, then exit; runs still going are listed and left alone'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l fail-fast -d '--mode native: stop at the first failure that is not waived (the tests not run are reported as skipped)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l refresh -d 'Download the version data from upstream into the cache directory first, and use it'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from all" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l kubernetes-version -d 'Judge this Kubernetes version instead of the cluster\'s, without a cluster (e.g. v1.33.5)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l data -d 'Read the version data from this directory (k8s-eol-data.yml, releases.json, official-cve-feed.json, cve/<CVE-ID>.json) instead of the built-in snapshot' -r -f -a "(__fish_complete_directories)"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l eol-url -d 'Where --refresh gets SCS\'s EOL table' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l releases-url -d 'Where --refresh gets the releases (GitHub releases API)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l cve-feed-url -d 'Where --refresh gets the official CVE feed' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l cve-record-url -d 'Where --refresh gets CVE records (<URL>/<CVE-ID>)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'
junit\t'JUnit XML for CI systems'
scs\t'SCS test-runner lines'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l refresh -d 'Download the version data from upstream into the cache directory first, and use it'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from versions" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l mode -d 'How to test NetworkPolicy' -r -f -a "e2e\t'The upstream e2e suite in the conformance image (what SCS runs)'
native\t'The suite\'s traffic tests run by this tool: probes between pods, by exec'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l results -d 'Judge existing results instead of running: a sonobuoy tarball, sonobuoy_results.yaml, junit_01.xml, e2e.log or a directory of them' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l waivers -d 'Waiver file in the SCS okToFail format, replacing the built-in SCS list' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l focus -d 'E2E_FOCUS regex (default: networking NetworkPolicy, conformance \\[Conformance\\])' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l skip -d 'E2E_SKIP regex (default: networking \\[Disruptive\\]|NoExecuteTaintManager, conformance none)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l parallel -d 'E2E_PARALLEL: run specs in parallel (default true; conformance --certified false). With an empty skip the image then skips [Serial] tests' -r -f -a "true\t''
false\t''"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l flake-attempts -d '--ginkgo.flake-attempts: tries of a failing spec (default 2; conformance --certified 1)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l image-repository -d 'Pull every image from this registry instead (air-gapped clouds), e.g. harbor.example.com/k8s' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l conformance-image -d 'Conformance image (default: registry.k8s.io/conformance:<server version>)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l sidecar-image -d 'Image of the sidecar holding the results (default: registry.k8s.io/e2e-test-images/busybox:1.36.1-1)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l timeout -d 'Give up after this long, e.g. 45m, 3h (default: networking 60m, --mode native 30m, conformance 3h)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l startup-timeout -d 'Give up when the test pod has not started after this long' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l artifacts -d 'Keep junit_01.xml and e2e.log in this directory' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l force -d 'With --cleanup: delete runs still going too, these (by run id) or, without a value, all' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l poll-interval -d 'Time between status polls' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l cleanup-timeout -d 'How long clean-up waits for the namespace to go' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l progress-interval -d 'Minimum time between progress lines when stderr is not a terminal' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l run-id -d 'Fixed run id (names of the created objects)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l probe-timeout -d '--mode native: how long a probe is retried until it shows what the policies say (default and upstream: 10s)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l probe-interval -d '--mode native: time between retries of the probes that do not match yet (default and upstream: 1s)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l connect-timeout -d '--mode native: `agnhost connect --timeout` of each connection attempt (default and upstream: 1s)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l baseline-timeout -d '--mode native: how long every server must be reachable again before a test starts (default: 30s)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l settle-time -d '--mode native: a test whose probes all keep connecting as if no NetworkPolicy existed fails after this long instead of after every retry (default: 3s; 0: retry in full)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'
junit\t'JUnit XML for CI systems'
scs\t'SCS test-runner lines'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l no-waivers -d 'Waive nothing: every failure counts'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l list-images -d 'Print the images a run needs (and their mirrors with --image-repository), then exit'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l keep -d 'Leave the namespace, RBAC and pod in the cluster (remove later with --cleanup)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l cleanup -d 'Remove what earlier runs of this check left in the cluster, then exit; runs still going are listed and left alone'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l fail-fast -d '--mode native: stop at the first failure that is not waived (the tests not run are reported as skipped)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from networking" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l results -d 'Judge existing results instead of running: a sonobuoy tarball, sonobuoy_results.yaml, junit_01.xml, e2e.log or a directory of them' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l waivers -d 'Waiver file in the SCS okToFail format, replacing the built-in SCS list' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l focus -d 'E2E_FOCUS regex (default: networking NetworkPolicy, conformance \\[Conformance\\])' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l skip -d 'E2E_SKIP regex (default: networking \\[Disruptive\\]|NoExecuteTaintManager, conformance none)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l parallel -d 'E2E_PARALLEL: run specs in parallel (default true; conformance --certified false). With an empty skip the image then skips [Serial] tests' -r -f -a "true\t''
false\t''"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l flake-attempts -d '--ginkgo.flake-attempts: tries of a failing spec (default 2; conformance --certified 1)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l image-repository -d 'Pull every image from this registry instead (air-gapped clouds), e.g. harbor.example.com/k8s' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l conformance-image -d 'Conformance image (default: registry.k8s.io/conformance:<server version>)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l sidecar-image -d 'Image of the sidecar holding the results (default: registry.k8s.io/e2e-test-images/busybox:1.36.1-1)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l timeout -d 'Give up after this long, e.g. 45m, 3h (default: networking 60m, --mode native 30m, conformance 3h)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l startup-timeout -d 'Give up when the test pod has not started after this long' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l artifacts -d 'Keep junit_01.xml and e2e.log in this directory' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l force -d 'With --cleanup: delete runs still going too, these (by run id) or, without a value, all' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l poll-interval -d 'Time between status polls' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l cleanup-timeout -d 'How long clean-up waits for the namespace to go' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l progress-interval -d 'Minimum time between progress lines when stderr is not a terminal' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l run-id -d 'Fixed run id (names of the created objects)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'
junit\t'JUnit XML for CI systems'
scs\t'SCS test-runner lines'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l certified -d 'The CNCF certification run: serial, every [Conformance] test ([Serial] ones included), one attempt (default: as SCS runs it, parallel with 2 flake attempts, [Serial] tests skipped)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l no-waivers -d 'Waive nothing: every failure counts'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l list-images -d 'Print the images a run needs (and their mirrors with --image-repository), then exit'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l keep -d 'Leave the namespace, RBAC and pod in the cluster (remove later with --cleanup)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l cleanup -d 'Remove what earlier runs of this check left in the cluster, then exit; runs still going are listed and left alone'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from conformance" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -s f -l from-file -d 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'
junit\t'JUnit XML for CI systems'
scs\t'SCS test-runner lines'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from nodes" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "kubeapi" -d 'Is access to each Cluster\'s Kubernetes API restricted as configured, and is the API hardened?'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "all" -d 'The SCS KaaS certification run: SCS\'s testcases by section, plus our own checks (kubeapi)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "versions" -d 'scs-0210 (version-policy-check): is the Kubernetes version supported and recent enough, as SCS judges it?'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "networking" -d 'scs-0219 (kaas-networking-check): run the upstream NetworkPolicy e2e tests and judge them as SCS does'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "conformance" -d 'scs-0201 (cncf-k8s-conformance): run the upstream [Conformance] e2e tests and judge them as SCS does'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "nodes" -d 'scs-0214 (node-distribution-check, preview in SCS): are the nodes labelled with region and zone, and spread?'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand check; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -f -a "cleanup" -d 'List (and with --delete remove) what blocks or leaks when this workload cluster is deleted: LoadBalancer Services, volumes, snapshots'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and not __fish_seen_subcommand_from cleanup help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l timeout -d 'With --delete: how long to wait until load balancers and volumes are really gone' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l workloads -d 'With --delete: how to stop workloads that would recreate or hold a volume' -r -f -a "scale\t'Scale Deployments and StatefulSets to 0 (DaemonSets, Jobs and bare Pods are deleted)'
delete\t'Delete them'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -s f -l from-file -d 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l delete -d 'Delete what blocks or leaks: asks what to delete on a terminal; needs --yes otherwise'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -s y -l yes -d 'With --delete: delete everything listed without asking (Retain volumes only with --delete-retained)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l dry-run -d 'With --delete: send every request with server-side dry run; nothing changes'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l delete-retained -d 'With --delete: also switch volumes with reclaim policy Retain to Delete, so that their cloud volumes go too (on a terminal: ticked at the start)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l force -d 'With --delete: go on although the cloud controller or CSI controller is not running (their load balancers and volumes are then left in the cloud)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from cleanup" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "cleanup" -d 'List (and with --delete remove) what blocks or leaks when this workload cluster is deleted: LoadBalancer Services, volumes, snapshots'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand cluster; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -f -a "simulate" -d 'Which pods may talk to which under the NetworkPolicies, computed without sending traffic'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -f -a "audit" -d 'Are workloads isolated, which policies do nothing, and what will not work as it seems'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and not __fish_seen_subcommand_from simulate audit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l port -d 'Destination port: a number, or a container port name looked up on each destination pod' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l protocol -d 'Protocol: TCP, UDP or SCTP' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l from -d 'Explain one connection instead of printing the table: from this pod (NS/POD, or POD with -n) or IP address' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l to -d 'Explain one connection: to this pod (NS/POD, or POD with -n) or IP address' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l policies -d 'NetworkPolicies to try (repeatable): added to the ones read, replacing those of the same namespace/name' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -s f -l from-file -d 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l replace-policies -d 'Use only the --policies files\' policies, ignoring the ones read from the cluster or -f'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from simulate" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -l fail-on -d 'Exit 1 when a finding of this severity or worse exists (default: exit 0 whatever is found)' -r -f -a "warning\t'A warning or an error'
error\t'An error'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -s f -l from-file -d 'Read objects from a file instead of the cluster (`kubectl get -o yaml|json` output; repeatable; - is stdin)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'
junit\t'JUnit XML for CI systems'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from audit" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from help" -f -a "simulate" -d 'Which pods may talk to which under the NetworkPolicies, computed without sending traffic'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from help" -f -a "audit" -d 'Are workloads isolated, which policies do nothing, and what will not work as it seems'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand netpol; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -f -a "bash" -d 'Bash completion for `kubectl-scs` (source it from ~/.bashrc)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -f -a "zsh" -d 'Zsh completion for `kubectl-scs` (save as _kubectl-scs in a directory on $fpath)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -f -a "fish" -d 'Fish completion for `kubectl-scs` (save in ~/.config/fish/completions/)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -f -a "powershell" -d 'PowerShell completion for `kubectl-scs` (dot-source it from $PROFILE)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -f -a "install-kubectl-helper" -d 'Put kubectl_complete-scs on PATH so that `kubectl scs <TAB>` completes (kubectl >= 1.26)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and not __fish_seen_subcommand_from bash zsh fish powershell install-kubectl-helper help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from bash" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from zsh" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from fish" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s h -l help -d 'Print help'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from powershell" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from install-kubectl-helper" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "bash" -d 'Bash completion for `kubectl-scs` (source it from ~/.bashrc)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "zsh" -d 'Zsh completion for `kubectl-scs` (save as _kubectl-scs in a directory on $fpath)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "fish" -d 'Fish completion for `kubectl-scs` (save in ~/.config/fish/completions/)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "powershell" -d 'PowerShell completion for `kubectl-scs` (dot-source it from $PROFILE)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "install-kubectl-helper" -d 'Put kubectl_complete-scs on PATH so that `kubectl scs <TAB>` completes (kubectl >= 1.26)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand completion; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -s o -l output -d 'Output format' -r -f -a "table\t'Human-readable table'
wide\t'Table with more columns'
json\t'JSON (stable keys)'
yaml\t'YAML (same document as json)'"
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, merged as kubectl does, else ~/.kube/config)' -r -F
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -s n -l namespace -d 'Namespace scope (default: the context\'s namespace)' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -l request-timeout -d 'Time to wait for a single server request, e.g. 30s, 2m; 0 means no limit' -r
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -s A -l all-namespaces -d 'All namespaces'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug, -vvv trace)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand version" -s V -l version -d 'Print version'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and not __fish_seen_subcommand_from stack check cluster netpol completion version help" -f -a "stack" -d 'Cluster stacks: what the cluster-stack-operator does with each Cluster\'s addons'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and not __fish_seen_subcommand_from stack check cluster netpol completion version help" -f -a "check" -d 'SCS standard checks'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and not __fish_seen_subcommand_from stack check cluster netpol completion version help" -f -a "cluster" -d 'Workload clusters: what blocks or leaks when a cluster is deleted, and removing it first'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and not __fish_seen_subcommand_from stack check cluster netpol completion version help" -f -a "netpol" -d 'NetworkPolicy tools'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and not __fish_seen_subcommand_from stack check cluster netpol completion version help" -f -a "completion" -d 'Shell completion scripts, and the helper kubectl runs to complete `kubectl scs`'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and not __fish_seen_subcommand_from stack check cluster netpol completion version help" -f -a "version" -d 'Plugin version and commit, and the server version when a cluster is reachable'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and not __fish_seen_subcommand_from stack check cluster netpol completion version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from stack" -f -a "status" -d 'Show Clusters with their cluster stack, release, addons and hooks, and why something is stuck'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from stack" -f -a "lint" -d 'Check a cluster-stack release\'s clusteraddon.yaml before it ships'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "kubeapi" -d 'Is access to each Cluster\'s Kubernetes API restricted as configured, and is the API hardened?'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "all" -d 'The SCS KaaS certification run: SCS\'s testcases by section, plus our own checks (kubeapi)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "versions" -d 'scs-0210 (version-policy-check): is the Kubernetes version supported and recent enough, as SCS judges it?'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "networking" -d 'scs-0219 (kaas-networking-check): run the upstream NetworkPolicy e2e tests and judge them as SCS does'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "conformance" -d 'scs-0201 (cncf-k8s-conformance): run the upstream [Conformance] e2e tests and judge them as SCS does'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from check" -f -a "nodes" -d 'scs-0214 (node-distribution-check, preview in SCS): are the nodes labelled with region and zone, and spread?'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from cluster" -f -a "cleanup" -d 'List (and with --delete remove) what blocks or leaks when this workload cluster is deleted: LoadBalancer Services, volumes, snapshots'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from netpol" -f -a "simulate" -d 'Which pods may talk to which under the NetworkPolicies, computed without sending traffic'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from netpol" -f -a "audit" -d 'Are workloads isolated, which policies do nothing, and what will not work as it seems'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "bash" -d 'Bash completion for `kubectl-scs` (source it from ~/.bashrc)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "zsh" -d 'Zsh completion for `kubectl-scs` (save as _kubectl-scs in a directory on $fpath)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "fish" -d 'Fish completion for `kubectl-scs` (save in ~/.config/fish/completions/)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "powershell" -d 'PowerShell completion for `kubectl-scs` (dot-source it from $PROFILE)'
complete -c kubectl-scs -n "__fish_kubectl_scs_using_subcommand help; and __fish_seen_subcommand_from completion" -f -a "install-kubectl-helper" -d 'Put kubectl_complete-scs on PATH so that `kubectl scs <TAB>` completes (kubectl >= 1.26)'
