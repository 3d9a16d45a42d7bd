package main

import (
	"bytes"
	"testing"
)

func TestParseVerb(t *testing.T) {
	tests := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		// xl of Xen 4.17-4.20 prints yajl's JSON, from 4.21 json-c's.
		{[]string{"--xen=4.17", "/dev/vg/guest-volume,,hda"}, 0,
			"disk: {\n    \"pdev_path\": \"/dev/vg/guest-volume\",\n    \"vdev\": \"hda\",\n    \"format\": \"raw\",\n    \"readwrite\": 1\n}\n\n", ""},
		{[]string{"/dev/vg/guest-volume,,hda"}, 0,
			"disk: {\n  \"pdev_path\":\"\\/dev\\/vg\\/guest-volume\",\n  \"vdev\":\"hda\",\n  \"format\":\"raw\",\n  \"readwrite\":1\n}\n", ""},
		{[]string{"format=raw", "vdev=hda", "target=/x", "--xen=4.20"}, 0,
			"disk: {\n    \"pdev_path\": \"/x\",\n    \"vdev\": \"hda\",\n    \"format\": \"raw\",\n    \"readwrite\": 1\n}\n\n", ""},
		{[]string{"foo"}, 1, "", "command line: config parsing error in disk specification: no vdev specified in `foo'\n"},
		{[]string{"/x,bogus,xvda"}, 1, "", "command line: config parsing error in disk specification: unknown value for format: near `bogus' in `/x,bogus,xvda'\n"},
		{[]string{"--canonical", "raw:/root/image.iso,hdc:cdrom,ro"}, 0, "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/root/image.iso\n", ""},
		{[]string{"--xen=4.17", "--", "-x,,xvda"}, 0,
			"disk: {\n    \"pdev_path\": \"-x\",\n    \"vdev\": \"xvda\",\n    \"format\": \"raw\",\n    \"readwrite\": 1\n}\n\n", ""},
		{[]string{"--xen=3.0", "/x,,xvda"}, 2, "", ""},
		{[]string{"--nope"}, 2, "", ""},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := run(append([]string{"parse"}, tt.args...), &out, &errb)
		if code != tt.code {
			t.Errorf("%q: exit %d, want %d (stderr %q)", tt.args, code, tt.code, errb.String())
		}
		if out.String() != tt.stdout {
			t.Errorf("%q: stdout %q, want %q", tt.args, out.String(), tt.stdout)
		}
		if tt.code != 2 && errb.String() != tt.stderr {
			t.Errorf("%q: stderr %q, want %q", tt.args, errb.String(), tt.stderr)
		}
	}
}
