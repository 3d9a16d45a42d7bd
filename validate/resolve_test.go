package validate_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/validate"
)

// TestResolve: the disks libxl would add come back with their chosen
// backend, in order, with their index; a disk whose backend choice fails or
// whose vdev does not decode is left out (libxl refuses it before it builds
// the device model's arguments), and the inputs are not modified.
func TestResolve(t *testing.T) {
	specs := []string{
		"/dev/vg/a,raw,xvda,w",      // phy
		"/srv/b.qcow2,qcow2,xvdb,w", // qdisk
		"/dev/vg/c,raw,hde,w",       // vdev does not decode
		"vdev=xvdd,backendtype=phy,format=qcow2,target=/srv/d.qcow2", // phy refuses qcow2
		"/srv/e.img,raw,51744,w",                                     // plain number: kept
	}
	var parsed []*diskspec.Parsed
	for _, s := range specs {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		parsed = append(parsed, p)
	}
	results, _ := validate.Domain(parsed, validate.Options{HVM: true})
	resolved, index := validate.Resolve(parsed, results)
	var got []string
	for _, p := range resolved {
		got = append(got, *p.Disk.Vdev+":"+p.Disk.Backend.String())
	}
	want := []string{"xvda:phy", "xvdb:qdisk", "51744:phy"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resolved disks (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0, 1, 4}, index); diff != "" {
		t.Errorf("index (-want +got):\n%s", diff)
	}
	for i, p := range parsed {
		want := diskspec.BackendUnknown
		if i == 3 {
			want = diskspec.BackendPhy // as written
		}
		if p.Disk.Backend != want {
			t.Errorf("disk %d: Resolve modified the input (backend %v)", i, p.Disk.Backend)
		}
	}
}
