package loglevel

import (
	"errors"
	"maps"
	"testing"
)

func TestMatchTerraform(t *testing.T) {
	all := func(level string) map[string]string {
		return map[string]string{"TF_LOG_SDK": level, "TF_LOG_SDK_PROTO": level, "TF_LOG_SDK_FRAMEWORK": level, "TF_LOG_PROVIDER_KONNECT": level}
	}
	tests := []struct {
		name string
		env  map[string]string
		want map[string]string // what is set
	}{
		{"no logging: nothing Terraform would show", nil, all("OFF")},
		{"TF_LOG", map[string]string{"TF_LOG": "DEBUG"}, all("DEBUG")},
		{"TF_LOG in lower case", map[string]string{"TF_LOG": "warn"}, all("WARN")},
		{"TF_LOG_PROVIDER wins over TF_LOG", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "ERROR"}, all("ERROR")},
		{"TF_LOG_PROVIDER alone", map[string]string{"TF_LOG_PROVIDER": "INFO"}, all("INFO")},
		{"TF_LOG off", map[string]string{"TF_LOG": "off"}, all("OFF")},
		{"JSON is TRACE", map[string]string{"TF_LOG": "JSON"}, all("TRACE")},
		{"an unknown level is TRACE, as in Terraform", map[string]string{"TF_LOG": "1"}, all("TRACE")},
		{"padding makes a level unknown to Terraform", map[string]string{"TF_LOG": " DEBUG"}, all("TRACE")},
		{"TF_LOG_PATH alone turns nothing on", map[string]string{"TF_LOG_PATH": "/tmp/tf.log"}, all("OFF")},
		{
			"a level the user set is kept",
			map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE", "TF_LOG_PROVIDER_KONNECT": "debug"},
			map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := map[string]string{}
			getenv := func(k string) string {
				if v, ok := set[k]; ok {
					return v
				}
				return tt.env[k]
			}
			setenv := func(k, v string) error { set[k] = v; return nil }
			if err := MatchTerraform(getenv, setenv); err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(set, tt.want) {
				t.Errorf("set %v, want %v", set, tt.want)
			}
		})
	}
}

func TestMatchTerraformReportsSetenvFailure(t *testing.T) {
	boom := errors.New("boom")
	err := MatchTerraform(func(string) string { return "" }, func(string, string) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want %v", err, boom)
	}
}
