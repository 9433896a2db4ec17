#!/usr/bin/env bash
# Applies examples/demo/main.tf against a local mock Konnect: a replay job that
# is waited for until it completes, a second plan that must be empty, and a
# destroy that leaves the job in Konnect. Everything it creates lives in one
# temporary directory, removed on exit together with the mock.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$(pwd)

export CHECKPOINT_DISABLE=1
# Only the demo's own settings count: no real Konnect, no user CLI arguments.
unset KONNECT_TOKEN KONNECT_SPAT KONNECT_REGION KONNECT_SERVER_URL
unset TF_CLI_ARGS TF_CLI_ARGS_plan TF_CLI_ARGS_apply TF_CLI_ARGS_destroy TF_WORKSPACE TF_DATA_DIR

token=kpat_demo_token
new_portal=9d2c4b7e-1f3a-4e6d-8b5c-2a7f0e9d1c34
url_wait_seconds=20

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || fail "go is not on PATH"
command -v terraform >/dev/null || fail "terraform is not on PATH"

# Never prompt; colour only on a terminal.
tf_flags=(-input=false)
[ -t 1 ] || tf_flags+=(-no-color)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/konnect-demo.XXXXXX")
mock_pid=""

stop_mock() {
	if [ -n "$mock_pid" ]; then
		kill -TERM "$mock_pid" 2>/dev/null || true
		wait "$mock_pid" 2>/dev/null || true
		mock_pid=""
	fi
}

cleanup() {
	local rc=$?
	stop_mock
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# RFC 3339 in UTC for a Unix time, with GNU date or BSD (macOS) date.
rfc3339() {
	date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%SZ
}

step "Building the provider and the mock into $tmp (a minute or two the first time; seconds once Go has cached the build)"
go build -o "$tmp/provider/terraform-provider-konnect" .
go build -o "$tmp/bin/konnect-mock" ./cmd/konnect-mock

step "Starting the mock Konnect (jobs take about 4 s: 1 s accepted, 1 s pending, 2 s running)"
"$tmp/bin/konnect-mock" -addr 127.0.0.1:0 -url-file "$tmp/mock.url" -token "$token" \
	-new-portals "$new_portal" -accepted 1s -pending 1s -running 2s >"$tmp/mock.out" 2>"$tmp/mock.log" &
mock_pid=$!

for ((i = 0; i < url_wait_seconds * 10; i++)); do
	[ -s "$tmp/mock.url" ] && break
	if ! kill -0 "$mock_pid" 2>/dev/null; then
		cat "$tmp/mock.out" "$tmp/mock.log" >&2
		mock_pid=""
		fail "the mock exited before it was listening"
	fi
	sleep 0.1
done
[ -s "$tmp/mock.url" ] || fail "the mock wrote no URL to $tmp/mock.url within ${url_wait_seconds}s"
base_url=$(<"$tmp/mock.url")
cat "$tmp/mock.out"

# A CLI configuration of the demo's own: Terraform takes the provider from the
# binary just built, and never reads the user's ~/.terraformrc.
cat >"$tmp/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "konnect-iac/konnect" = "$tmp/provider"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$tmp/terraformrc"

# The window is computed once, so that every plan below sees the same one:
# the last six hours, ending a minute ago.
now=$(date -u +%s)
now=$((now - now % 60))
start_at=$(rfc3339 $((now - 6 * 3600)))
end_at=$(rfc3339 $((now - 60)))

mkdir "$tmp/work"
cp examples/demo/main.tf "$tmp/work/"
cat >"$tmp/work/demo.auto.tfvars" <<EOF
server_url    = "$base_url/{region}"
token         = "$token"
new_portal_id = "$new_portal"
start_at      = "$start_at"
end_at        = "$end_at"
EOF
cd "$tmp/work"

step "Applying: check the webhooks, send the window $start_at to $end_at three times (a classic portal, a new Dev Portal, the organization) and wait for each job"
terraform apply -auto-approve -compact-warnings "${tf_flags[@]}"

status=$(terraform output -raw job_status)
[ "$status" = completed ] || fail "the classic portal's job is $status, not completed"
new_portal_job=$(terraform output -json new_portal_job)
case $new_portal_job in
*'"api_version":"v3"'*'"status":"completed"'*) ;;
*) fail "the new Dev Portal's job is $new_portal_job, not completed under v3" ;;
esac
org_status=$(terraform output -raw organization_job_status)
[ "$org_status" = completed ] || fail "the organization's job is $org_status, not completed"
step "Every job completed: classic portal $status, new Dev Portal $new_portal_job, organization $org_status"
terraform output webhooks

step "Planning again: nothing must change"
plan_rc=0
terraform plan -detailed-exitcode -compact-warnings "${tf_flags[@]}" || plan_rc=$?
case $plan_rc in
0) ;;
2) fail "the second plan is not empty" ;;
*) fail "the second plan failed" ;;
esac

step "Destroying: the job stays in Konnect, and Terraform says so"
terraform destroy -auto-approve "${tf_flags[@]}" | tee "$tmp/destroy.out"
grep -q "Replay Jobs Left in Konnect" "$tmp/destroy.out" || fail "destroy did not warn that the job stays in Konnect"

step "Stopping the mock"
stop_mock
cd "$repo"

step "What the mock received: one PUT per job; the GETs find the new portal's API, check the webhooks, wait and refresh; destroy sent nothing"
sed 's/^konnect-mock: [0-9/]* [0-9:]* /  /' "$tmp/mock.log"
puts=$(grep -c ' PUT ' "$tmp/mock.log" || true)
[ "$puts" -eq 3 ] || fail "expected exactly three PUTs, one per job, the mock received $puts"

step "Demo passed"
