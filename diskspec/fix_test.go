package diskspec_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// TestEdits: a machine-applicable edit only where the fix is certain, and
// the edited spec parses cleanly.
func TestEdits(t *testing.T) {
	type edit struct {
		Offset, Len int
		Text        string
	}
	tests := []struct {
		spec  string
		opts  domain.Options
		want  []edit
		fixed string
	}{
		{spec: "format=QCOW2,vdev=xvda,target=/x", want: []edit{{7, 5, "qcow2"}}, fixed: "format=qcow2,vdev=xvda,target=/x"},
		{spec: "/x,RAW,xvda", want: []edit{{3, 3, "raw"}}, fixed: "/x,raw,xvda"},
		{spec: "/x,,xvda,RW", want: []edit{{9, 2, "rw"}}, fixed: "/x,,xvda,rw"},
		{spec: "backendtype=PHY,vdev=xvda,target=/x", want: []edit{{12, 3, "phy"}}, fixed: "backendtype=phy,vdev=xvda,target=/x"},
		{spec: "specification=Xen,vdev=xvda,target=/x", want: []edit{{14, 3, "xen"}}, fixed: "specification=xen,vdev=xvda,target=/x"},
		{spec: "/x.iso,,hdc,devtype=CDROM", want: []edit{{20, 5, "cdrom"}}, fixed: "/x.iso,,hdc,devtype=cdrom"},
		{spec: "/x.iso,,hdc:cdroM", want: []edit{{12, 5, "cdrom"}}, fixed: "/x.iso,,hdc:cdrom"},
		{spec: "vdev=xvda,frmat=raw,target=/x", want: []edit{{10, 5, "format"}}, fixed: "vdev=xvda,format=raw,target=/x"},
		{spec: "vedv=xvda,target=/x", want: []edit{{0, 4, "vdev"}}, fixed: "vdev=xvda,target=/x"},
		{spec: "vdev=xvda,grant-usage=1,target=/x", want: []edit{{10, 11, "grant_usage"}}, fixed: "vdev=xvda,grant_usage=1,target=/x"},
		// Xen 4.17 has no grant_usage=: the edit would not parse.
		{spec: "vdev=xvda,grant-usage=1,target=/x", opts: domain.Options{Xen: release.Xen417}},
		// Not certain: no keyword near enough, or the spec has other errors.
		{spec: "vdev=xvda,zzzzzz=1,target=/x"},
		{spec: "format=QCOW2,access=bad,/x,,xvda"},
		{spec: "/x,QCOW3,xvda"},
		// The fixed spec lacks a target: not clean.
		{spec: "vdev=xvda,format=QCOW2"},
	}
	for _, tt := range tests {
		_, err := diskspec.ParseWith(tt.opts, tt.spec)
		if err == nil {
			t.Errorf("%q: no error", tt.spec)
			continue
		}
		var got []edit
		for _, e := range edits(err) {
			got = append(got, edit{e.Range.Span.Offset, e.Range.Span.Len, e.Text})
			if e.Range.Disk != -1 || e.Range.Span.Frag != 0 {
				t.Errorf("%q: edit range %+v", tt.spec, e.Range)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q: edits (-want +got):\n%s", tt.spec, diff)
			continue
		}
		if len(got) == 1 {
			e := got[0]
			fixed := tt.spec[:e.Offset] + e.Text + tt.spec[e.Offset+e.Len:]
			if fixed != tt.fixed {
				t.Errorf("%q: fixed %q, want %q", tt.spec, fixed, tt.fixed)
			}
			if _, err := diskspec.ParseWith(tt.opts, fixed); err != nil {
				t.Errorf("%q: fixed %q: %v", tt.spec, fixed, err)
			}
		}
	}
}

// TestReport: libxlu's report lines, quoting the span's text.
func TestReport(t *testing.T) {
	tests := []struct {
		frags []string
		want  string
	}{
		{nil, "cl: config parsing error in disk specification: no vdev specified in `(null)'\n"},
		{[]string{"/x"}, "cl: config parsing error in disk specification: no vdev specified in `/x'\n"},
		{[]string{"vdev=xvda", ""}, "cl: config parsing error in disk specification: no target specified (and device not removable) in `'\n"},
		// A deprecated script prefix quotes the script it would set.
		{[]string{"script=s,nbd:/x,,xvda"}, "cl: config parsing error in disk specification: script respecified: near `block-nbd' in `script=s,nbd:/x,,xvda'\n"},
		{[]string{"/x,,xvda,backendtype="}, "cl: config parsing error in disk specification: unknown value for backendtype: near `' in `/x,,xvda,backendtype='\n"},
		{[]string{"format=raw", "format=qcow2,vdev=xvda,target=/x"},
			"cl: config parsing error in disk specification: format respecified: near `qcow2' in `format=qcow2,vdev=xvda,target=/x'\n"},
		{[]string{"format=bad,access=bad,/x,,xvda"},
			"cl: config parsing error in disk specification: unknown value for format: near `bad' in `format=bad,access=bad,/x,,xvda'\n" +
				"cl: config parsing error in disk specification: unknown value for access: near `bad' in `format=bad,access=bad,/x,,xvda'\n"},
	}
	for _, tt := range tests {
		_, err := diskspec.ParseArgs(tt.frags...)
		if got := diskspec.Report("cl", tt.frags, err); got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.frags, got, tt.want)
		}
	}
	if got := diskspec.Report("cl", nil, nil); got != "" {
		t.Errorf("Report of nil = %q", got)
	}
	other := diag.List{diag.New(diskspec.RuleUnformattable, nil, "x")}
	if got := diskspec.Report("cl", nil, other); got != "" {
		t.Errorf("Report of a non-parse diagnostic = %q", got)
	}
}

// TestJSONRelease: yajl up to 4.20, json-c from 4.21 (both checked against
// the libraries: libxlutil 4.17 and 4.20 for yajl, json-c 0.16's
// json_object_to_json_string_ext(JSON_C_TO_STRING_PRETTY) for json-c).
func TestJSONRelease(t *testing.T) {
	d := &diskspec.Disk{PdevPath: diskspec.Str("/a/b\"\\\x01\x1f\x7f\xff\xc3\xa9\t\n\r\b\f'"), Vdev: diskspec.Str("xvda"),
		Format: diskspec.FormatRaw, Readwrite: 1, DirectIoSafe: true, ColoPort: -5, Trusted: diskspec.DefboolTrue}
	yajl := "{\n" +
		"    \"pdev_path\": \"/a/b\\\"\\\\\\u0001\\u001F\x7f\xff\xc3\xa9\\t\\n\\r\\b\\f'\",\n" +
		"    \"vdev\": \"xvda\",\n" +
		"    \"format\": \"raw\",\n" +
		"    \"readwrite\": 1,\n" +
		"    \"direct_io_safe\": true,\n" +
		"    \"colo_port\": -5,\n" +
		"    \"trusted\": \"True\"\n" +
		"}\n"
	jsonc := "{\n" +
		"  \"pdev_path\":\"\\/a\\/b\\\"\\\\\\u0001\\u001f\x7f\xff\xc3\xa9\\t\\n\\r\\b\\f'\",\n" +
		"  \"vdev\":\"xvda\",\n" +
		"  \"format\":\"raw\",\n" +
		"  \"readwrite\":1,\n" +
		"  \"direct_io_safe\":true,\n" +
		"  \"colo_port\":-5,\n" +
		"  \"trusted\":\"True\"\n" +
		"}"
	for _, v := range release.Known() {
		want := yajl
		if v.Has(release.JSONC) {
			want = jsonc
		}
		got, err := d.MarshalLibxlJSONFor(v)
		if err != nil || string(got) != want {
			t.Errorf("%s:\n got %q %v\nwant %q", v, got, err, want)
		}
	}
	if got, _ := d.MarshalLibxlJSON(); string(got) != jsonc {
		t.Errorf("MarshalLibxlJSON (default %s) = %q", release.Default, got)
	}
	empty := &diskspec.Disk{}
	if got, _ := empty.MarshalLibxlJSONFor(release.Xen421); string(got) != "{\n}" {
		t.Errorf("empty json-c object = %q", got)
	}
	if _, err := d.MarshalLibxlJSONFor(release.Version{Major: 4, Minor: 5}); err == nil {
		t.Errorf("MarshalLibxlJSONFor(4.5) did not fail")
	}
}
