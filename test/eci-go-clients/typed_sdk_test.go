package clients

import (
	"fmt"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	eci "github.com/alibabacloud-go/eci-20180808/v3/client"
	"github.com/alibabacloud-go/tea/tea"
)

// The typed Tea SDK for ECI (alibabacloud-go/eci-20180808 v3.0.3, generated from the API metadata):
// it decodes each answer into typed structs, so an answer shaped otherwise than the metadata says (an
// object where a list is declared, a list for an object, as the older RPC envelopes nest them) fails
// the call. Its JSON reader takes a number sent as a string; the model walk in the unit tests checks
// the scalar types.
func typedClient(t *testing.T) *eci.Client {
	c, err := eci.NewClient(&openapi.Config{
		AccessKeyId: tea.String(keyID), AccessKeySecret: tea.String(keySecret), RegionId: tea.String(region),
		Endpoint: tea.String(endpoint(t)), Protocol: tea.String("HTTP"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// must(c.Action(request))(t, "Action"): the answer, or the test fails naming the action.
func must[T any](v T, err error) func(*testing.T, string) T {
	return func(t *testing.T, action string) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", action, err)
		}
		return v
	}
}

func TestTypedSdkEveryServedAction(t *testing.T) {
	c := typedClient(t)
	r := tea.String(region)
	regions := must(c.DescribeRegions(&eci.DescribeRegionsRequest{RegionId: r}))(t, "DescribeRegions")
	if tea.StringValue(regions.Body.Regions[0].RegionId) != region {
		t.Errorf("DescribeRegions: %v", regions.Body.Regions)
	}
	usage := must(c.ListUsage(&eci.ListUsageRequest{RegionId: r}))(t, "ListUsage")
	price := must(c.DescribeContainerGroupPrice(&eci.DescribeContainerGroupPriceRequest{
		RegionId: r, Cpu: tea.Float32(2), Memory: tea.Float32(4)}))(t, "DescribeContainerGroupPrice")
	if got := tea.Float32Value(price.Body.PriceInfo.Price.TradePrice); got != 0.00012252 {
		t.Errorf("2 vCPU + 4 GiB: %v CNY a second, want the reference page's 0.00012252 (usage %v)", got, usage.Body.Attributes)
	}
	zones := must(c.DescribeAvailableResource(&eci.DescribeAvailableResourceRequest{RegionId: r,
		// InstanceType needs Value, Cores and Memory too (the model's remark).
		DestinationResource: &eci.DescribeAvailableResourceRequestDestinationResource{Category: tea.String("InstanceType"),
			Value: tea.String("ecs.c6.large"), Cores: tea.Float32(2), Memory: tea.Float32(4)}}))(t, "DescribeAvailableResource")
	if len(zones.Body.AvailableZones.AvailableZone) == 0 {
		t.Error("DescribeAvailableResource: no zone")
	}

	created := must(c.CreateContainerGroup(&eci.CreateContainerGroupRequest{
		RegionId: r, SecurityGroupId: tea.String("sg-typed"), VSwitchId: tea.String("vsw-x-hangzhou-c"),
		ContainerGroupName: tea.String("typed-web"), RestartPolicy: tea.String("Always"), Cpu: tea.Float32(1), Memory: tea.Float32(2),
		Tag: []*eci.CreateContainerGroupRequestTag{{Key: tea.String("suite"), Value: tea.String("typed")}},
		Volume: []*eci.CreateContainerGroupRequestVolume{{Name: tea.String("conf"), Type: tea.String("ConfigFileVolume"),
			ConfigFileVolume: &eci.CreateContainerGroupRequestVolumeConfigFileVolume{ConfigFileToPath: []*eci.CreateContainerGroupRequestVolumeConfigFileVolumeConfigFileToPath{
				{Path: tea.String("app.conf"), Content: tea.String("bW9kZT1mYXN0Cg==")}}}}}, // mode=fast
		InitContainer: []*eci.CreateContainerGroupRequestInitContainer{{Name: tea.String("init"), Image: tea.String("busybox"),
			Command: []*string{tea.String("sh"), tea.String("-c")}, Arg: []*string{tea.String("echo init done")}}},
		Container: []*eci.CreateContainerGroupRequestContainer{{
			Name: tea.String("web"), Image: tea.String("nginx:1.25"), Cpu: tea.Float32(1), Memory: tea.Float32(2),
			Command: []*string{tea.String("sh"), tea.String("-c")}, Arg: []*string{tea.String("echo hello typed; sleep 3600")},
			Port:        []*eci.CreateContainerGroupRequestContainerPort{{Protocol: tea.String("TCP"), Port: tea.Int32(80)}},
			VolumeMount: []*eci.CreateContainerGroupRequestContainerVolumeMount{{Name: tea.String("conf"), MountPath: tea.String("/etc/app")}},
			LivenessProbe: &eci.CreateContainerGroupRequestContainerLivenessProbe{Exec: &eci.CreateContainerGroupRequestContainerLivenessProbeExec{
				Command: []*string{tea.String("cat"), tea.String("/etc/app/app.conf")}}},
		}},
	}))(t, "CreateContainerGroup")
	id := created.Body.ContainerGroupId
	ids := tea.String(fmt.Sprintf("[%q]", tea.StringValue(id)))
	var group *eci.DescribeContainerGroupsResponseBodyContainerGroups
	for deadline := time.Now().Add(60 * time.Second); group == nil || tea.StringValue(group.Status) != "Running"; time.Sleep(200 * time.Millisecond) {
		listed := must(c.DescribeContainerGroups(&eci.DescribeContainerGroupsRequest{RegionId: r, ContainerGroupIds: ids}))(t, "DescribeContainerGroups")
		if len(listed.Body.ContainerGroups) == 1 {
			group = listed.Body.ContainerGroups[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s not Running after 60 s: %v", tea.StringValue(id), group)
		}
	}
	web := group.Containers[0]
	if tea.Int32Value(web.Ports[0].Port) != 80 || tea.Float32Value(group.Cpu) != 1 || tea.Int32Value(web.RestartCount) != 0 || len(group.InitContainers) != 1 {
		t.Errorf("group as typed: port %v cpu %v restarts %v inits %d", web.Ports[0].Port, group.Cpu, web.RestartCount, len(group.InitContainers))
	}
	status := must(c.DescribeContainerGroupStatus(&eci.DescribeContainerGroupStatusRequest{RegionId: r, ContainerGroupIds: ids}))(t, "DescribeContainerGroupStatus")
	if tea.StringValue(status.Body.Data[0].Status) != "Running" {
		t.Errorf("DescribeContainerGroupStatus: %v", status.Body.Data[0])
	}
	events := must(c.DescribeContainerGroupEvents(&eci.DescribeContainerGroupEventsRequest{RegionId: r, ContainerGroupIds: ids}))(t, "DescribeContainerGroupEvents")
	reasons := []string{}
	for _, e := range events.Body.Data[0].Events {
		reasons = append(reasons, tea.StringValue(e.Reason))
	}
	if !strings.Contains(strings.Join(reasons, ","), "Started") {
		t.Errorf("events: %v", reasons)
	}
	logs := must(c.DescribeContainerLog(&eci.DescribeContainerLogRequest{RegionId: r, ContainerGroupId: id, ContainerName: tea.String("web")}))(t, "DescribeContainerLog")
	if tea.StringValue(logs.Body.Content) != "hello typed\n" {
		t.Errorf("logs: %q", tea.StringValue(logs.Body.Content))
	}
	exec := must(c.ExecContainerCommand(&eci.ExecContainerCommandRequest{RegionId: r, ContainerGroupId: id,
		ContainerName: tea.String("web"), Command: tea.String(`["ls","/etc/app"]`), Sync: tea.Bool(true)}))(t, "ExecContainerCommand")
	if tea.StringValue(exec.Body.SyncResponse) != "app.conf\n" {
		t.Errorf("exec ls: %q", tea.StringValue(exec.Body.SyncResponse))
	}
	metric := must(c.DescribeContainerGroupMetric(&eci.DescribeContainerGroupMetricRequest{RegionId: r, ContainerGroupId: id}))(t, "DescribeContainerGroupMetric")
	multi := must(c.DescribeMultiContainerGroupMetric(&eci.DescribeMultiContainerGroupMetricRequest{RegionId: r, ContainerGroupIds: ids}))(t, "DescribeMultiContainerGroupMetric")
	if len(metric.Body.Records) == 0 || len(multi.Body.MonitorDatas) != 1 {
		t.Errorf("metrics: %d records, %d groups", len(metric.Body.Records), len(multi.Body.MonitorDatas))
	}
	must(c.UpdateContainerGroup(&eci.UpdateContainerGroupRequest{RegionId: r, ContainerGroupId: id,
		Tag: []*eci.UpdateContainerGroupRequestTag{{Key: tea.String("suite"), Value: tea.String("typed-2")}}}))(t, "UpdateContainerGroup")
	cache := must(c.CreateImageCache(&eci.CreateImageCacheRequest{RegionId: r, SecurityGroupId: tea.String("sg-typed"),
		VSwitchId: tea.String("vsw-x-hangzhou-c"), ImageCacheName: tea.String("typed-cache"), Image: []*string{tea.String("nginx:1.25")}}))(t, "CreateImageCache")
	caches := must(c.DescribeImageCaches(&eci.DescribeImageCachesRequest{RegionId: r, ImageCacheId: cache.Body.ImageCacheId}))(t, "DescribeImageCaches")
	if len(caches.Body.ImageCaches) != 1 || tea.StringValue(caches.Body.ImageCaches[0].Images[0]) != "nginx:1.25" {
		t.Errorf("image caches: %v", caches.Body.ImageCaches)
	}
	must(c.DeleteImageCache(&eci.DeleteImageCacheRequest{RegionId: r, ImageCacheId: cache.Body.ImageCacheId}))(t, "DeleteImageCache")
	must(c.RestartContainerGroup(&eci.RestartContainerGroupRequest{RegionId: r, ContainerGroupId: id}))(t, "RestartContainerGroup")
	must(c.DeleteContainerGroup(&eci.DeleteContainerGroupRequest{RegionId: r, ContainerGroupId: id}))(t, "DeleteContainerGroup")
}
