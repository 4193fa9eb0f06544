package clients

import (
	"fmt"
	"testing"
	"time"

	eci "github.com/alibabacloud-go/eci-20180808/v3/client"
	"github.com/alibabacloud-go/tea/tea"
)

// The O&M actions through the typed Tea SDK: a disk volume grown, a container committed to an
// image, coredump switched on; each answer decoded into the SDK's structs.
func TestTypedSdkOpsActions(t *testing.T) {
	c := typedClient(t)
	r := tea.String(region)
	created := must(c.CreateContainerGroup(&eci.CreateContainerGroupRequest{
		RegionId: r, SecurityGroupId: tea.String("sg-typed"), VSwitchId: tea.String("vsw-x-hangzhou-c"),
		ContainerGroupName: tea.String("typed-ops"), Cpu: tea.Float32(1), Memory: tea.Float32(2),
		Volume: []*eci.CreateContainerGroupRequestVolume{{Name: tea.String("data"), Type: tea.String("DiskVolume"),
			DiskVolume: &eci.CreateContainerGroupRequestVolumeDiskVolume{DiskId: tea.String("d-typed1"), DiskSize: tea.Int32(20), FsType: tea.String("ext4")}}},
		Container: []*eci.CreateContainerGroupRequestContainer{{Name: tea.String("app"), Image: tea.String("nginx:1.25"),
			VolumeMount: []*eci.CreateContainerGroupRequestContainerVolumeMount{{Name: tea.String("data"), MountPath: tea.String("/data")}}}},
	}))(t, "CreateContainerGroup")
	id := created.Body.ContainerGroupId
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		status := must(c.DescribeContainerGroupStatus(&eci.DescribeContainerGroupStatusRequest{RegionId: r,
			ContainerGroupIds: tea.String(fmt.Sprintf("[%q]", tea.StringValue(id)))}))(t, "DescribeContainerGroupStatus")
		if len(status.Body.Data) == 1 && tea.StringValue(status.Body.Data[0].Status) == "Running" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s not Running after 60 s", tea.StringValue(id))
		}
	}
	must(c.ResizeContainerGroupVolume(&eci.ResizeContainerGroupVolumeRequest{RegionId: r, ContainerGroupId: id,
		VolumeName: tea.String("data"), NewSize: tea.Int64(40)}))(t, "ResizeContainerGroupVolume")

	commit := must(c.CommitContainer(&eci.CommitContainerRequest{RegionId: r, ContainerGroupId: id, ContainerName: tea.String("app"),
		Image: &eci.CommitContainerRequestImage{Repository: tea.String("registry.cn-hangzhou.aliyuncs.com/typed/app"), Tag: tea.String("v1")}}))(t, "CommitContainer")
	tasks := must(c.DescribeCommitContainerTask(&eci.DescribeCommitContainerTaskRequest{RegionId: r, ContainerGroupId: id}))(t, "DescribeCommitContainerTask")
	if len(tasks.Body.CommitTasks) != 1 || tea.StringValue(tasks.Body.CommitTasks[0].TaskId) != tea.StringValue(commit.Body.TaskId) {
		t.Errorf("commit tasks: %v", tasks.Body.CommitTasks)
	}

	set := must(c.CreateInstanceOpsTask(&eci.CreateInstanceOpsTaskRequest{RegionId: r, ContainerGroupId: id,
		OpsType: tea.String("coredump"), OpsValue: tea.String("enable")}))(t, "CreateInstanceOpsTask")
	if tea.StringValue(set.Body.Result) == "" {
		t.Error("CreateInstanceOpsTask: no Result")
	}
	records := must(c.DescribeInstanceOpsRecords(&eci.DescribeInstanceOpsRecordsRequest{RegionId: r, ContainerGroupId: id,
		OpsType: tea.String("coredump")}))(t, "DescribeInstanceOpsRecords")
	if len(records.Body.Records) != 1 || tea.StringValue(records.Body.Records[0].OpsType) != "coredump" {
		t.Errorf("ops records: %v", records.Body.Records)
	}
	must(c.DeleteContainerGroup(&eci.DeleteContainerGroupRequest{RegionId: r, ContainerGroupId: id}))(t, "DeleteContainerGroup")
}
