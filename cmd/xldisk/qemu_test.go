package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/qemuargs"
)

func TestQemuVerb(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr []string // substrings of stderr, in order
	}{
		{"ide and cdrom", []string{"/srv/a.img,raw,hda,w", "/srv/cd.iso,raw,hdc:cdrom"}, 0,
			"-drive file=/srv/a.img,if=ide,index=0,media=disk,format=raw,cache=writeback\n" +
				"-drive if=none,readonly=on,id=ide-5632,file=/srv/cd.iso,format=raw\n" +
				"-device ide-cd,id=ide-5632,drive=ide-5632,bus=ide.1,unit=0\n", nil},
		{"hostile target is escaped and quoted", []string{"vdev=sda,access=rw,target=/srv/a b,file=/etc/passwd"}, 0,
			"-device lsi53c895a\n" +
				"-drive 'file=/srv/a b,,file=/etc/passwd,id=scsi0-hd0,format=raw,if=none,readonly=off,cache=writeback'\n" +
				"-device scsi-hd,drive=scsi0-hd0,scsi-id=0\n", nil},
		{"read-only IDE refused, the rest rendered", []string{"/srv/a.img,raw,hda,r", "/srv/b.img,raw,sdb,r"}, 1,
			"-device lsi53c895a\n" +
				"-drive file=/srv/b.img,id=scsi0-hd1,format=raw,if=none,readonly=on,cache=writeback\n" +
				"-device scsi-hd,drive=scsi0-hd1,scsi-id=1\n",
			[]string{"disk 0 (/srv/a.img,raw,hda,r): error: read-only IDE disk hda", "[XLD200]"}},
		{"PV-only disk warns, exit 0", []string{"/srv/a.img,raw,xvde,w"}, 0, "",
			[]string{"disk 0 (/srv/a.img,raw,xvde,w): warning:", "[XLD202]"}},
		{"parse error", []string{"/srv/a.img,raw,hda,w", "nonsense"}, 1,
			"-drive file=/srv/a.img,if=ide,index=0,media=disk,format=raw,cache=writeback\n",
			[]string{"disk 1 (nonsense): error: no vdev specified"}},
		{"newline in a spec is quoted", []string{"vdev=hda,target=/a\n,file=x"}, 1, "",
			[]string{`disk 0 ("vdev=hda,target=/a\n,file=x"): error: unknown parameter`}},
		{"leading blank in a target", []string{"vdev=hda,access=rw,target= /srv/a.img"}, 1, "",
			[]string{`disk 0 (vdev=hda,access=rw,target= /srv/a.img): error: target " /srv/a.img" of disk hda starts with white space`}},
		{"ahci", []string{"--hdtype=ahci", "/srv/a.img,raw,xvda,w"}, 0,
			"-device ahci,id=ahci0\n" +
				"-drive file=/srv/a.img,if=none,id=ahcidisk-0,format=raw,cache=writeback\n" +
				"-device ide-hd,bus=ahci0.0,unit=0,drive=ahcidisk-0\n", nil},
		{"stubdom", []string{"--stubdom", "/dev/vg/a,raw,xvdb,w"}, 0,
			"-drive file=/dev/xvdb,if=ide,index=1,media=disk,format=host_device,cache=writeback\n", nil},
		{"colo primary", []string{"--colo-side=primary", "/srv/a.img,raw,hda,w,colo,colo-host=10.0.0.2,colo-port=9000,colo-export=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2"}, 0,
			"-drive if=ide,index=0,media=disk,cache=writeback,driver=quorum,id=e1,children.0.file.filename=/srv/a.img,children.0.driver=raw,read-pattern=fifo,vote-threshold=1\n", nil},
		{"2015 colo secondary", []string{"--dialect=2015", "--colo-side=secondary", "/srv/a.img,raw,sda,w,colo,colo-params=10.0.0.2:9000:exportname=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2"}, 0,
			"-drive if=none,driver=raw,file=/srv/a.img,id=nbd_target4\n" +
				"-drive if=scsi,bus=0,unit=0,cache=writeback,driver=qcow2+colo,file=/srv/act.qcow2,backing_reference.drive_id=nbd_target4,backing_reference.hidden-disk.file.filename=/srv/hid.qcow2,backing_reference.hidden-disk.allow-write-backing-file=on,export=e1\n", nil},
		{"colo export not an id", []string{"--colo-side=primary", "/srv/a.img,raw,hda,w,colo,colo-host=10.0.0.2,colo-port=9000,colo-export=1e,active-disk=/a,hidden-disk=/h"}, 1, "",
			[]string{"error: colo-export \"1e\"", "[XLD249]"}},
		{"no spec", nil, 2, "", []string{"Usage:\n  xldisk qemu"}},
		{"bad dialect", []string{"--dialect=2016", "x"}, 2, "", []string{"unknown dialect"}},
		{"bad side", []string{"--colo-side=both", "x"}, 2, "", []string{"unknown COLO mode"}},
		{"bad hdtype", []string{"--hdtype=scsi", "x"}, 2, "", []string{"unknown hdtype"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(append([]string{"qemu"}, tc.args...), &out, &errb)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tc.code, errb.String())
			}
			if diff := cmp.Diff(tc.stdout, out.String()); diff != "" {
				t.Errorf("stdout (-want +got):\n%s\nstderr: %s", diff, errb.String())
			}
			rest := errb.String()
			for _, s := range tc.stderr {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Errorf("stderr lacks %q (in order):\n%s", s, errb.String())
					break
				}
				rest = rest[i+len(s):]
			}
		})
	}
}

func TestQemuVerbJSON(t *testing.T) {
	var out, errb bytes.Buffer
	spec := "vdev=hda,access=rw,target=/srv/a,b c"
	if code := run([]string{"qemu", "--json", spec}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var args []string
	if err := json.Unmarshal(out.Bytes(), &args); err != nil {
		t.Fatalf("--json output %q: %v", out.String(), err)
	}
	want := []string{"-drive", "file=/srv/a,,b c,if=ide,index=0,media=disk,format=raw,cache=writeback"}
	if diff := cmp.Diff(want, args); diff != "" {
		t.Errorf("--json (-want +got):\n%s", diff)
	}
	kvs, err := qemuargs.SplitOpts(args[1])
	if err != nil || kvs[0].Key != "file" || kvs[0].Value != "/srv/a,b c" {
		t.Errorf("the rendered drive splits into %+v, %v", kvs, err)
	}

	out.Reset()
	if code := run([]string{"qemu", "--json", "/srv/a.img,raw,xvdz,w"}, &out, &errb); code != 0 || out.String() != "[]\n" {
		t.Errorf("no emulated disk: exit %d, stdout %q, want [] and 0", code, out.String())
	}
}
