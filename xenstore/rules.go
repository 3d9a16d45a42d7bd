package xenstore

import "github.com/xldisk/xldisk/diag"

// The rules of this package (XLD150-XLD159): why libxl writes no xenstore
// nodes for a disk, and why it cannot read a disk back from its nodes.
// Their diagnostics have no range: they are about a disk or a directory as
// a whole. The messages are libxl's, with a lower-case first letter.

const attachFails = "libxl fails the device_disk_add step, so xl create or xl block-attach fails. "

// RuleNodesVdev (XLD150): the vdev has no device number.
var RuleNodesVdev = diag.Register(diag.Rule{ID: "XLD150", Severity: diag.Error, Summary: "no xenstore directory for an undecodable vdev",
	Why:  attachFails + "libxl__device_from_disk: \"Invalid or unsupported virtual disk identifier VDEV\": the backend and frontend directories are named by the device number decoded from the vdev.",
	Bad:  "/dev/vg/a,raw,hde,w",
	Good: "/dev/vg/a,raw,hdd,w"})

// RuleNodesBackend (XLD151): the backend is not one libxl writes nodes for.
var RuleNodesBackend = diag.Register(diag.Rule{ID: "XLD151", Severity: diag.Error, Summary: "unrecognized disk backend type",
	Why:  attachFails + "libxl__device_from_disk: \"Unrecognized disk backend type: N\" for a disk whose backend was never chosen (unknown), and in the 2015 COLO series for standalone, which that libxl does not have.",
	Bad:  "vdev=xvda,specification=virtio,target=/dev/vg/a (2015 series)",
	Good: "vdev=xvda,target=/dev/vg/a"})

// RuleNodesTap (XLD152): no nodes for a tap disk on this release.
var RuleNodesTap = diag.Register(diag.Rule{ID: "XLD152", Severity: diag.Error, Summary: "no xenstore nodes for a tap disk on this release",
	Why:  attachFails + "Before Xen 4.19 device_disk_add says \"blktap is not supported\" (tap is never chosen there: disk_try_backend refuses it); from 4.19 tap disks get vbd3 nodes. In the 2015 series params is the tapdisk device that blktap2 creates at attach time, so the nodes are not known offline.",
	Bad:  "/srv/a.vhd,vhd,xvda,w,backendtype=tap (Xen 4.17)",
	Good: "/srv/a.vhd,vhd,xvda,w,backendtype=tap (Xen 4.19)"})

// RuleMissingNode (XLD153): a node the read-back needs is missing.
var RuleMissingNode = diag.Register(diag.Rule{ID: "XLD153", Severity: diag.Error, Summary: "missing xenstore node",
	Why:  "libxl__disk_from_xenstore: \"Missing xenstore node DIR/NAME\": type, dev, removable, mode and device-type must exist; colo-host switches COLO on and then colo-port, colo-export, active-disk and hidden-disk must exist (2015: colo-params, then active-disk and hidden-disk); a virtio disk needs transport, base and irq. xl block-list and libxl_device_disk_list then fail for the domain.",
	Bad:  "colo-host written without colo-port",
	Good: "colo-host, colo-port, colo-export, active-disk and hidden-disk written"})

// RuleBadNode (XLD154): a node's value cannot be parsed.
var RuleBadNode = diag.Register(diag.Rule{ID: "XLD154", Severity: diag.Error, Summary: "unparsable xenstore node",
	Why:  "libxl__disk_from_xenstore: \"Unable to parse xenstore node DIR/NAME\" when specification is not xen, virtio or unknown, or transport is not mmio or unknown (case is ignored).",
	Bad:  "specification = \"scsi\"",
	Good: "specification = \"xen\""})

// RuleTransport (XLD155): a virtio disk's transport node is not mmio.
var RuleTransport = diag.Register(diag.Rule{ID: "XLD155", Severity: diag.Error, Summary: "virtio disk transport is not mmio",
	Why:  "libxl__disk_from_xenstore: \"Only transport mmio is expected for specification virtio\" when the transport node reads \"unknown\".",
	Bad:  "transport = \"unknown\"",
	Good: "transport = \"mmio\""})

// RuleBackendPath (XLD156): the backend directory names no domain.
var RuleBackendPath = diag.Register(diag.Rule{ID: "XLD156", Severity: diag.Error, Summary: "unparsable backend path",
	Why:  "libxl__disk_from_xenstore reads the backend domain from the backend path (libxl__backendpath_parse_domid, sscanf \"/local/domain/%u%c\" followed by '/'); otherwise \"Unable to fetch device backend domid from PATH\" and the disk cannot be listed.",
	Bad:  "backend = \"/local/domain/storage/backend/vbd/1/51712\"",
	Good: "backend = \"/local/domain/3/backend/vbd/1/51712\""})
