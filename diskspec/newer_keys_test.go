package diskspec_test

import (
	"testing"

	"github.com/xldisk/xldisk/diskspec"
)

// Keys newer than Xen 4.17 (trusted, untrusted, grant_usage=) are outside
// the differential test against libxlutil 4.17; these tests pin them to
// upstream's lexer rules.
func TestNewerKeys(t *testing.T) {
	tests := []struct {
		spec            string
		trusted, grants diskspec.Defbool
		err             string
	}{
		{"trusted,vdev=xvda,target=/x", diskspec.DefboolTrue, diskspec.DefboolDefault, ""},
		{"untrusted,vdev=xvda,target=/x", diskspec.DefboolFalse, diskspec.DefboolDefault, ""},
		{"untrusted,trusted,vdev=xvda,target=/x", diskspec.DefboolTrue, diskspec.DefboolDefault, ""},
		{"grant_usage=1,vdev=xvda,target=/x", diskspec.DefboolDefault, diskspec.DefboolTrue, ""},
		{"grant_usage=0,vdev=xvda,target=/x", diskspec.DefboolDefault, diskspec.DefboolFalse, ""},
		// "grant_usage" has an underscore, so it is no [a-z][-a-z0-9]*=
		// unknown parameter: the name is a positional value and '=2' is
		// bad syntax.
		{"grant_usage=2,vdev=xvda,target=/x", 0, 0, "error: bad disk syntax (expected a parameter: key=value, a flag or a positional value) [XLD001]"},
		// trustedx is a positional value (the longer match).
		{"trustedx,,xvda", 0, 0, ""},
	}
	for _, tt := range tests {
		d, err := diskspec.Parse(tt.spec)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%q: error %v, want %q", tt.spec, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.spec, err)
			continue
		}
		if d.Trusted != tt.trusted || d.GrantUsage != tt.grants {
			t.Errorf("%q: trusted %v grant_usage %v, want %v %v", tt.spec, d.Trusted, d.GrantUsage, tt.trusted, tt.grants)
		}
	}
	d, _ := diskspec.Parse("trustedx,,xvda")
	if d.Target() != "trustedx" {
		t.Errorf("trustedx: target %q", d.Target())
	}
}
