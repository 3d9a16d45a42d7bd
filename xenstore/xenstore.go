// Package xenstore computes the xenstore nodes libxl writes for a disk
// (device_disk_add in libxl_disk.c, through libxl__device_generic_add)
// and reads a disk back from its backend nodes as
// libxl__disk_from_xenstore does. Everything that differs between Xen
// releases is asked of the release table through domain.Options.Has.
//
// Errors are diag.Diagnostic values (rules XLD150-XLD159, see rules.go);
// errors.As finds them.
package xenstore

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/cnum"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/vdev"
)

// EmptyCdrom is the prefix of the placeholder file libxl (Xen 4.19 and
// later) creates for an empty phy CD-ROM and writes as its params:
// LIBXL_STUBDOM_EMPTY_CDROM, followed by "." and the domain id.
const EmptyCdrom = "/var/run/xen/empty-cdrom"

// Node is one xenstore node: a path relative to the device's backend or
// frontend directory, and its value.
type Node struct {
	// Path is relative to the directory ("params", "colo-host").
	Path string
	// Value is the node's content.
	Value string
}

// DiskNodes are the xenstore nodes libxl writes for one disk.
type DiskNodes struct {
	// BackendDir is the backend directory, e.g.
	// /local/domain/0/backend/qdisk/1/51712; libxl also copies the
	// backend nodes under /libxl/DOMID/device/vbd/DEVID.
	BackendDir string
	// FrontendDir is the frontend directory, e.g.
	// /local/domain/1/device/vbd/51712.
	FrontendDir string
	// Backend are the backend nodes in libxl's order, starting with
	// "frontend".
	Backend []Node
	// Frontend are the frontend nodes in libxl's order, starting with
	// "backend".
	Frontend []Node
}

// String renders the nodes one per line, "PATH = VALUE" with full paths
// and Go-quoted values, backend first.
func (n DiskNodes) String() string {
	var b strings.Builder
	for _, x := range n.Backend {
		fmt.Fprintf(&b, "%s/%s = %q\n", n.BackendDir, x.Path, x.Value)
	}
	for _, x := range n.Frontend {
		fmt.Fprintf(&b, "%s/%s = %q\n", n.FrontendDir, x.Path, x.Value)
	}
	return b.String()
}

// cstr is glibc's printf("%s", s) of a possibly NULL string.
func cstr(s *string) string {
	if s == nil {
		return "(null)"
	}
	return *s
}

// formatString is libxl__device_disk_string_of_format, the FORMAT of a
// qdisk or tap params node ("aio" for raw and empty).
func formatString(f diskspec.Format) string {
	switch f {
	case diskspec.FormatQcow:
		return "qcow"
	case diskspec.FormatQcow2:
		return "qcow2"
	case diskspec.FormatVhd:
		return "vhd"
	case diskspec.FormatRaw, diskspec.FormatEmpty:
		return "aio"
	case diskspec.FormatQed:
		return "qed"
	}
	return "(null)"
}

// backendType is libxl__device_disk_string_of_backend, the "type" node:
// tap is "vbd3" once libxl has the vbd3 backend, "phy" before.
func backendType(b diskspec.Backend, opts domain.Options) string {
	switch b {
	case diskspec.BackendQdisk:
		return "qdisk"
	case diskspec.BackendTap:
		if opts.Has(release.TapBackend) {
			return "vbd3"
		}
		return "phy"
	case diskspec.BackendPhy:
		return "phy"
	case diskspec.BackendStandalone:
		return "standalone"
	}
	return "(null)"
}

// deviceKinds returns the backend and frontend device kinds that name the
// xenstore directories (libxl__device_from_disk).
func deviceKinds(b diskspec.Backend, opts domain.Options) (back, front string) {
	switch b {
	case diskspec.BackendQdisk:
		return "qdisk", "vbd"
	case diskspec.BackendTap:
		if opts.Has(release.TapBackend) {
			return "vbd3", "vbd"
		}
		return "vbd", "vbd"
	case diskspec.BackendStandalone:
		return "virtio_disk", "virtio_disk"
	}
	return "vbd", "vbd"
}

// absPath is libxl__abs_path.
func absPath(s, dir string) string {
	if strings.HasPrefix(s, "/") {
		return s
	}
	return dir + "/" + s
}

// driverDomain reports whether the disk is served by a domain other than
// the toolstack's: backend= names one, or BackendDomid is set. libxl
// resolves a name to its id; "0" and "Domain-0" are domain 0.
func driverDomain(d *diskspec.Disk) bool {
	if d.BackendDomname != nil {
		switch *d.BackendDomname {
		case "", "0", "Domain-0":
		default:
			return true
		}
	}
	return d.BackendDomid != 0
}

// emptyCdromFile reports whether libxl__device_disk_setdefault (Xen 4.19
// and later) creates the placeholder file for d and makes it the target:
// an empty CD-ROM that asks for phy (backendtype=phy: the check comes
// before the backend is chosen, so a PV empty CD-ROM that libxl then puts
// on phy keeps its NULL target) served by domain 0.
func emptyCdromFile(d *diskspec.Disk, opts domain.Options) bool {
	return opts.Has(release.EmptyCdromPhy) && d.IsCdrom != 0 && d.Format == diskspec.FormatEmpty &&
		d.Backend == diskspec.BackendPhy && !driverDomain(d)
}

// Nodes returns the nodes libxl writes for disk d once backend b is chosen
// (usually the backend validation chose) and its vdev decoded. Defaults
// are applied as libxl__device_disk_setdefault does: discard-enable
// follows access, trusted is true, grant_usage (Xen 4.19 and later)
// follows the backend domain, and the params of an empty CD-ROM that asks
// for phy is the placeholder file EmptyCdrom.DOMID (4.19 and later).
//
// A backend domain given by name is resolved by libxl at attach time; its
// id is shown as <NAME> in the paths and as NAME in backend-id. A NULL
// value is not written (libxl__xs_writev skips it): a phy or standalone
// disk without a target has no params node.
//
// Not written here: the PV "protocol" frontend node (it needs the
// hypervisor). The error is a diag.Diagnostic (RuleNodesVdev,
// RuleNodesBackend or RuleNodesTap).
func Nodes(d *diskspec.Disk, b diskspec.Backend, opts domain.Options) (DiskNodes, error) {
	v, err := vdev.Decode(d.VdevName())
	if err != nil {
		return DiskNodes{}, diag.New(RuleNodesVdev, nil, "invalid or unsupported virtual disk identifier %s: %v", d.VdevName(), err)
	}
	cur := opts.Dialect == domain.DialectCurrent
	switch {
	case b == diskspec.BackendUnknown || b < 0 || b > diskspec.BackendStandalone ||
		(!cur && b == diskspec.BackendStandalone):
		return DiskNodes{}, diag.New(RuleNodesBackend, nil, "unrecognized disk backend type: %d", int(b))
	case b == diskspec.BackendTap && !cur:
		return DiskNodes{}, diag.New(RuleNodesTap, nil, "the 2015 series' tap params is the tapdisk device blktap2 creates at attach time")
	case b == diskspec.BackendTap && !opts.Has(release.TapBackend):
		return DiskNodes{}, diag.New(RuleNodesTap, nil, "blktap is not supported (vbd3 disks need Xen %s or later)", release.Table[release.TapBackend].Since)
	}
	domid := opts.DomIDOrDefault()
	devid := v.Number
	backKind, frontKind := deviceKinds(b, opts)
	backDom := strconv.FormatUint(uint64(d.BackendDomid), 10)
	backID := strconv.Itoa(int(int32(d.BackendDomid)))
	if d.BackendDomid == 0 && d.BackendDomname != nil && driverDomain(d) {
		backDom, backID = "<"+*d.BackendDomname+">", *d.BackendDomname
	}
	n := DiskNodes{
		BackendDir:  fmt.Sprintf("/local/domain/%s/backend/%s/%d/%d", backDom, backKind, domid, devid),
		FrontendDir: fmt.Sprintf("/local/domain/%d/device/%s/%d", domid, frontKind, devid),
	}
	back := make([]Node, 0, 24)
	back = append(back, Node{"frontend", n.FrontendDir})
	put := func(p, val string) { back = append(back, Node{p, val}) }
	putNonNull := func(p string, val *string) {
		if val != nil {
			put(p, *val)
		}
	}
	script := func(def string) {
		s := def
		if d.Script != nil {
			s = *d.Script
		}
		put("script", absPath(s, opts.ScriptDirOrDefault()))
	}
	switch b {
	case diskspec.BackendPhy:
		params := d.PdevPath
		if emptyCdromFile(d, opts) {
			params = diskspec.Str(fmt.Sprintf("%s.%d", EmptyCdrom, domid))
		}
		putNonNull("params", params)
		script("block")
	case diskspec.BackendStandalone:
		putNonNull("params", d.PdevPath)
	case diskspec.BackendTap:
		put("params", formatString(d.Format)+":"+diskspec.Deref(d.PdevPath))
		script("block-tap")
	case diskspec.BackendQdisk:
		put("params", formatString(d.Format)+":"+diskspec.Deref(d.PdevPath))
		if d.ColoEnable.Val(false) {
			if cur {
				put("colo-host", cstr(d.ColoHost))
				put("colo-port", strconv.Itoa(d.ColoPort))
				put("colo-export", cstr(d.ColoExport))
			} else {
				params := "(null)"
				if d.ColoHost != nil && d.ColoPort != 0 && d.ColoExport != nil {
					params = colo.FormatParams(*d.ColoHost, d.ColoPort, *d.ColoExport)
				}
				put("colo-params", params)
			}
			put("active-disk", cstr(d.ActiveDisk))
			put("hidden-disk", cstr(d.HiddenDisk))
		}
	}
	put("frontend-id", strconv.Itoa(int(int32(domid))))
	put("online", "1")
	put("removable", b01(d.Removable != 0))
	put("bootable", "1")
	put("state", "1")
	put("dev", d.VdevName())
	put("type", backendType(b, opts))
	put("mode", pick(d.Readwrite != 0, "w", "r"))
	put("device-type", pick(d.IsCdrom != 0, "cdrom", "disk"))
	if d.DirectIoSafe {
		put("direct-io-safe", "1")
	}
	put("discard-enable", b01(d.DiscardEnable.Val(d.Readwrite != 0)))
	if cur {
		spec := d.Specification
		if spec == diskspec.SpecificationUnknown {
			spec = diskspec.SpecificationXen
		}
		put("specification", spec.String())
		if spec == diskspec.SpecificationVirtio {
			put("transport", "mmio")
			put("base", strconv.FormatUint(d.Base, 10))
			put("irq", strconv.FormatUint(uint64(d.Irq), 10))
			if opts.Has(release.GrantUsage) {
				put("grant_usage", b01(d.GrantUsage.Val(driverDomain(d))))
			}
		}
	}
	n.Backend = back

	front := make([]Node, 0, 6)
	front = append(front,
		Node{"backend", n.BackendDir},
		Node{"backend-id", backID},
		Node{"state", "1"},
		Node{"virtual-device", strconv.Itoa(devid)},
		Node{"device-type", pick(d.IsCdrom != 0, "cdrom", "disk")},
	)
	if cur {
		front = append(front, Node{"trusted", b01(d.Trusted.Val(true))})
	}
	n.Frontend = front
	return n, nil
}

func pick(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// DiskFromBackendNodes is DiskFromBackendDir with no directory: paths are
// relative to the backend directory ("params", "colo-host", ...) and
// messages name the node alone.
func DiskFromBackendNodes(nodes []Node, opts domain.Options) (*diskspec.Disk, error) {
	return DiskFromBackendDir("", nodes, opts)
}

// DiskFromBackendDir reads a disk back from its backend nodes as
// libxl__disk_from_xenstore does for the release and dialect of opts.
// dir is the backend directory: node paths may be given relative to it or
// under it, messages name nodes in it, and it must read
// /local/domain/N/..., N being the backend domain id (as sscanf "%u%c"
// reads it); "" skips that check and leaves the id 0.
//
// As in libxl the format is not recorded (FormatUnknown), params loses
// everything up to its first ':', and colo-host (2015: colo-params)
// switches COLO on and then requires the other COLO nodes. From Xen 4.19 a
// virtio disk's grant_usage node is read (strtoul base 0; missing: backend
// domain != 0) and type "vbd3" is tap. The error is a diag.Diagnostic
// (RuleBackendPath, RuleMissingNode, RuleBadNode or RuleTransport).
func DiskFromBackendDir(dir string, nodes []Node, opts domain.Options) (*diskspec.Disk, error) {
	m := make(map[string]string, len(nodes))
	for _, n := range nodes {
		p := n.Path
		if dir != "" {
			p = strings.TrimPrefix(p, dir+"/")
		}
		m[p] = n.Value
	}
	get := func(name string) (string, bool) { v, ok := m[name]; return v, ok }
	missing := func(name string) error {
		return diag.New(RuleMissingNode, nil, "missing xenstore node %s", joinDir(dir, name))
	}
	cur := opts.Dialect == domain.DialectCurrent
	d := &diskspec.Disk{}
	if dir != "" {
		id, ok := backendDomid(dir)
		if !ok {
			return nil, diag.New(RuleBackendPath, nil, "unable to fetch device backend domid from %s", dir)
		}
		d.BackendDomid = id
	}
	if p, ok := get("params"); ok {
		if i := strings.IndexByte(p, ':'); i >= 0 {
			p = p[i+1:]
		}
		d.PdevPath = diskspec.Str(p)
	}
	d.ColoEnable = diskspec.DefboolFalse
	if !cur {
		if cp, ok := get("colo-params"); ok {
			d.ColoEnable = diskspec.DefboolTrue
			if pp, err := diskspec.ParseColoParams(cp); err == nil {
				d.ColoHost, d.ColoPort, d.ColoExport = diskspec.Str(pp.Host), pp.Port, diskspec.Str(pp.Export)
			}
			for _, n := range []struct {
				name string
				dst  **string
			}{{"active-disk", &d.ActiveDisk}, {"hidden-disk", &d.HiddenDisk}} {
				v, ok := get(n.name)
				if !ok {
					return nil, missing(n.name)
				}
				*n.dst = diskspec.Str(v)
			}
		}
	} else if h, ok := get("colo-host"); ok {
		d.ColoEnable = diskspec.DefboolTrue
		d.ColoHost = diskspec.Str(h)
		port, ok := get("colo-port")
		if !ok {
			return nil, missing("colo-port")
		}
		d.ColoPort = cnum.Atoi(port)
		for _, n := range []struct {
			name string
			dst  **string
		}{{"colo-export", &d.ColoExport}, {"active-disk", &d.ActiveDisk}, {"hidden-disk", &d.HiddenDisk}} {
			v, ok := get(n.name)
			if !ok {
				return nil, missing(n.name)
			}
			*n.dst = diskspec.Str(v)
		}
	}
	t, ok := get("type")
	if !ok {
		return nil, missing("type")
	}
	d.Backend = stringToBackend(t, opts)
	if cur {
		d.Specification = diskspec.SpecificationXen
		if s, ok := get("specification"); ok {
			switch strings.ToLower(s) {
			case "xen":
				d.Specification = diskspec.SpecificationXen
			case "virtio":
				d.Specification = diskspec.SpecificationVirtio
			case "unknown":
				d.Specification = diskspec.SpecificationUnknown
			default:
				return nil, diag.New(RuleBadNode, nil, "unable to parse xenstore node %s", joinDir(dir, "specification"))
			}
		}
		if d.Specification == diskspec.SpecificationVirtio {
			tr, ok := get("transport")
			if !ok {
				return nil, missing("transport")
			}
			switch strings.ToLower(tr) {
			case "mmio":
			case "unknown":
				return nil, diag.New(RuleTransport, nil, "only transport mmio is expected for specification virtio")
			default:
				return nil, diag.New(RuleBadNode, nil, "unable to parse xenstore node %s", joinDir(dir, "transport"))
			}
			d.Transport = diskspec.TransportMmio
			base, ok := get("base")
			if !ok {
				return nil, missing("base")
			}
			d.Base, _, _ = cnum.Strtoul(base, 0, 10)
			irq, ok := get("irq")
			if !ok {
				return nil, missing("irq")
			}
			v, _, _ := cnum.Strtoul(irq, 0, 10)
			d.Irq = uint32(v)
			if opts.Has(release.GrantUsage) {
				if g, ok := get("grant_usage"); ok {
					v, _, _ := cnum.Strtoul(g, 0, 0)
					d.GrantUsage = diskspec.DefboolOf(v != 0)
				} else {
					d.GrantUsage = diskspec.DefboolOf(d.BackendDomid != 0)
				}
			}
		}
	}
	dev, ok := get("dev")
	if !ok {
		return nil, missing("dev")
	}
	d.Vdev = diskspec.Str(dev)
	rm, ok := get("removable")
	if !ok {
		return nil, missing("removable")
	}
	d.Removable = cnum.Atoi(rm)
	mode, ok := get("mode")
	if !ok {
		return nil, missing("mode")
	}
	if mode == "w" {
		d.Readwrite = 1
	}
	dt, ok := get("device-type")
	if !ok {
		return nil, missing("device-type")
	}
	if dt == "cdrom" {
		d.IsCdrom = 1
	}
	d.Format = diskspec.FormatUnknown
	return d, nil
}

// backendDomid is libxl__backendpath_parse_domid: sscanf(dir,
// "/local/domain/%u%c") must read a number and then '/'.
func backendDomid(dir string) (uint32, bool) {
	rest, ok := strings.CutPrefix(dir, "/local/domain/")
	if !ok {
		return 0, false
	}
	v, end, _ := cnum.Strtoul(rest, 0, 10)
	if end == 0 || end >= len(rest) || rest[end] != '/' {
		return 0, false
	}
	return uint32(v), true
}

func joinDir(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// stringToBackend is libxl_string_to_backend: unknown strings (and "tap",
// whose "tap:FORMAT" branch can never match) leave the backend unknown.
func stringToBackend(s string, opts domain.Options) diskspec.Backend {
	switch s {
	case "phy":
		return diskspec.BackendPhy
	case "file":
		return diskspec.BackendTap
	case "qdisk":
		return diskspec.BackendQdisk
	case "vbd3":
		if opts.Has(release.Vbd3ReadBack) {
			return diskspec.BackendTap
		}
	case "standalone":
		if opts.Dialect == domain.DialectCurrent {
			return diskspec.BackendStandalone
		}
	}
	return diskspec.BackendUnknown
}
