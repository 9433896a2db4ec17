package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/konnect-iac/terraform-provider-konnect/internal/mockkonnect"
)

// These tests speak the plugin protocol to the provider's server as Terraform
// would, without Terraform: what Terraform and OpenTofu 1.12 ask for, and
// what the versions before them never send.

// The identity schemas are the targets': the region, and a portal's ID; no
// api_version, and both required in an import block.
func TestIdentitySchemas(t *testing.T) {
	t.Parallel()
	resp, err := testServer().GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) > 0 {
		t.Fatalf("diagnostics: %s", resp.Diagnostics[0].Detail)
	}
	type attr struct {
		typ      tftypes.Type
		required bool
	}
	want := map[string]map[string]attr{
		"konnect_portal_audit_log_replay_job": {"region": {tftypes.String, true}, "portal_id": {tftypes.String, true}},
		"konnect_audit_log_replay_job":        {"region": {tftypes.String, true}},
	}
	got := map[string]map[string]attr{}
	for name, s := range resp.IdentitySchemas {
		got[name] = map[string]attr{}
		for _, a := range s.IdentityAttributes {
			got[name][a.Name] = attr{a.Type, a.RequiredForImport}
			if a.Description == "" {
				t.Errorf("%s: identity attribute %s has no description", name, a.Name)
			}
		}
		if s.Version != 0 {
			t.Errorf("%s: identity schema version %d, want 0", name, s.Version)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("identity schemas:\n  %v\nwant:\n  %v", got, want)
	}
}

// Terraform before 1.12 never sends an identity, and neither does a state
// written before the provider had one: a refresh fills it in, the portal's
// ID in lower case whatever the state's case, and also when Konnect no
// longer shows the job, which keeps the record, marked superseded.
func TestReadFillsInIdentity(t *testing.T) {
	t.Parallel()
	const portal = "6d3b2a1c-9e8f-4a7b-8c6d-5e4f3a2b1c0d"
	cases := []struct {
		name         string
		typeName     string
		state        map[string]tftypes.Value
		jobInKonnect bool
		wantIdentity map[string]string
	}{
		{
			name: "portal job, upper-case portal ID in the state", typeName: "konnect_portal_audit_log_replay_job",
			state: map[string]tftypes.Value{
				"portal_id":   tftypes.NewValue(tftypes.String, strings.ToUpper(portal)),
				"api_version": tftypes.NewValue(tftypes.String, "v2"),
			},
			jobInKonnect: true,
			wantIdentity: map[string]string{"region": "eu", "portal_id": portal},
		},
		{
			name: "portal job gone from Konnect", typeName: "konnect_portal_audit_log_replay_job",
			state: map[string]tftypes.Value{
				"portal_id":   tftypes.NewValue(tftypes.String, portal),
				"api_version": tftypes.NewValue(tftypes.String, "v2"),
			},
			wantIdentity: map[string]string{"region": "eu", "portal_id": portal},
		},
		{
			name: "organization's job", typeName: "konnect_audit_log_replay_job",
			jobInKonnect: true,
			wantIdentity: map[string]string{"region": "eu"},
		},
		{
			name: "organization's job gone from Konnect", typeName: "konnect_audit_log_replay_job",
			wantIdentity: map[string]string{"region": "eu"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newConfiguredHarness(t, mockkonnect.Options{}, nil)
			now := h.clock.Now()
			scope := "" // the organization's job
			if _, ok := tc.state["portal_id"]; ok {
				scope = portal
			}
			start, end := now.Add(-2*time.Hour), now.Add(-time.Hour)
			if tc.jobInKonnect {
				h.mock.SetJob("eu", scope, start, end)
			}
			state := cfg{
				"region": "eu", "start_at": start.Format(time.RFC3339), "end_at": end.Format(time.RFC3339),
				"wait_for_completion": false, "check_webhook": true, "status": "accepted",
			}
			for k, v := range tc.state {
				state[k] = v
			}
			typ := h.resourceType(tc.typeName)
			read, err := h.server.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{
				TypeName: tc.typeName, CurrentState: h.value(typ, state),
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range read.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					t.Fatalf("read: %s: %s", d.Summary, d.Detail)
				}
			}
			attrs := h.attrs(typ, read.NewState)
			if attrs == nil {
				t.Fatal("the new state is null; want the record kept")
			}
			var superseded bool
			if err := attrs["superseded"].As(&superseded); err != nil || superseded == tc.jobInKonnect {
				t.Errorf("superseded = %v (%v), want %v", superseded, err, !tc.jobInKonnect)
			}
			if got := identityOf(t, h.server, tc.typeName, read.NewIdentity); !reflect.DeepEqual(got, tc.wantIdentity) {
				t.Errorf("identity %v, want %v", got, tc.wantIdentity)
			}
			if reqs := h.mock.Requests(); len(reqs) != 1 || reqs[0].Method != "GET" || !strings.HasSuffix(reqs[0].Path, "/audit-log-replay-job") {
				t.Errorf("requests %+v, want one GET of the job", reqs)
			}
		})
	}
}

// dynamicValue is an object of type typ with the attributes in set, and
// every other attribute null.
func dynamicValue(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	values := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
		if v, ok := set[name]; ok {
			values[name] = v
		}
	}
	for name := range set {
		if _, ok := obj.AttributeTypes[name]; !ok {
			t.Fatalf("the schema has no attribute %q", name)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// identityOf reads an identity the server returned as strings.
func identityOf(t *testing.T, s tfprotov6.ProviderServer, typeName string, id *tfprotov6.ResourceIdentityData) map[string]string {
	t.Helper()
	if id == nil || id.IdentityData == nil {
		return nil
	}
	schemas, err := s.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := id.IdentityData.Unmarshal(schemas.IdentitySchemas[typeName].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, a := range attrs {
		var str string
		if err := a.As(&str); err != nil {
			t.Fatal(err)
		}
		out[name] = str
	}
	return out
}
