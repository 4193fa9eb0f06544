// Independent ECI clients against the simulator's OpenAPI endpoint: the official Go SDK
// (alibaba-cloud-sdk-go, its own signer, flattening and typed responses) and the Go Tea OpenAPI
// client (darabonba-openapi, V3 and V1 signatures). Run by test/e2e/eci-go-clients.e2e.test.ts,
// which starts the simulator and sets ECI_ENDPOINT (host:port).
package clients

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	openapiutil "github.com/alibabacloud-go/openapi-util/service"
	util "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/eci"
)

const (
	region    = "cn-hangzhou"
	keyID     = "testAccessKeyId"
	keySecret = "testAccessKeySecret"
)

func endpoint(t *testing.T) string {
	host := os.Getenv("ECI_ENDPOINT")
	if host == "" {
		t.Fatal("ECI_ENDPOINT is not set: start `ack-virtual-node simulator --listen 127.0.0.1:8080` and set ECI_ENDPOINT=127.0.0.1:8080")
	}
	return host
}

func sdkClient(t *testing.T) *eci.Client {
	c, err := eci.NewClientWithAccessKey(region, keyID, keySecret)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// at points an SDK request at the simulator.
func at(t *testing.T, r *requests.RpcRequest) {
	r.Domain = endpoint(t)
	r.Scheme = "http"
}

func describeByID(t *testing.T, c *eci.Client, id string) []eci.DescribeContainerGroupsContainerGroup0 {
	r := eci.CreateDescribeContainerGroupsRequest()
	at(t, r.RpcRequest)
	r.RegionId = region
	r.ContainerGroupIds = fmt.Sprintf("[%q]", id)
	resp, err := c.DescribeContainerGroups(r)
	if err != nil {
		t.Fatalf("DescribeContainerGroups: %v", err)
	}
	return resp.ContainerGroups
}

func waitStatus(t *testing.T, c *eci.Client, id, status string) eci.DescribeContainerGroupsContainerGroup0 {
	deadline := time.Now().Add(60 * time.Second)
	for {
		groups := describeByID(t, c, id)
		if len(groups) == 1 && groups[0].Status == status {
			return groups[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s not %s after 60 s: %+v", id, status, groups)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func createRequest(t *testing.T, name string) *eci.CreateContainerGroupRequest {
	r := eci.CreateCreateContainerGroupRequest()
	at(t, r.RpcRequest)
	r.RegionId = region
	r.SecurityGroupId = "sg-go-sdk"
	r.VSwitchId = "vsw-x-hangzhou-c"
	r.ContainerGroupName = name
	r.RestartPolicy = "Always"
	r.Cpu = requests.NewFloat(1)
	r.Memory = requests.NewFloat(2)
	return r
}

// The SDK sends Container.N.LivenessProbe.Exec.Command=<[]string Value> with every create (a
// nested []string without its Repeated tag): ECI ignores the undeclared name, and so must we.
func TestSdkCreateDescribeLogDelete(t *testing.T) {
	c := sdkClient(t)
	r := createRequest(t, "go-sdk-web")
	r.Tag = &[]eci.CreateContainerGroupTag{{Key: "suite", Value: "go-sdk"}}
	r.Volume = &[]eci.CreateContainerGroupVolume{{
		Name: "conf", Type: "ConfigFileVolume",
		ConfigFileVolume: eci.CreateContainerGroupConfigFileVolume{ConfigFileToPath: &[]eci.CreateContainerGroupConfigFileToPath{
			{Path: "app.conf", Content: "bW9kZT1mYXN0Cg=="}, // mode=fast
		}},
	}}
	r.Container = &[]eci.CreateContainerGroupContainer{{
		Name: "web", Image: "nginx:1.25", Cpu: requests.NewFloat(1), Memory: requests.NewFloat(2),
		Command: []string{"sh", "-c"}, Arg: []string{"echo hello from go; cat /etc/app/app.conf; sleep 3600"},
		Port:           &[]eci.CreateContainerGroupPort{{Protocol: "TCP", Port: requests.NewInteger(80)}},
		EnvironmentVar: &[]eci.CreateContainerGroupEnvironmentVar{{Key: "MODE", Value: "prod"}},
		VolumeMount:    &[]eci.CreateContainerGroupVolumeMount{{Name: "conf", MountPath: "/etc/app"}},
		ReadinessProbe: eci.CreateContainerGroupReadinessProbe{
			HttpGet: eci.CreateContainerGroupHttpGet{Path: "/", Port: requests.NewInteger(80), Scheme: "HTTP"},
		},
	}}
	created, err := c.CreateContainerGroup(r)
	if err != nil {
		t.Fatalf("CreateContainerGroup: %v", err)
	}
	g := waitStatus(t, c, created.ContainerGroupId, "Running")
	if g.ContainerGroupName != "go-sdk-web" || g.ZoneId != "cn-hangzhou-c" || g.Cpu != 1 || g.Memory != 2 {
		t.Errorf("group: name %q zone %q cpu %v memory %v", g.ContainerGroupName, g.ZoneId, g.Cpu, g.Memory)
	}
	if len(g.Tags) != 1 || g.Tags[0].Key != "suite" || g.Tags[0].Value != "go-sdk" {
		t.Errorf("tags: %+v", g.Tags)
	}
	if len(g.Containers) != 1 {
		t.Fatalf("containers: %+v", g.Containers)
	}
	web := g.Containers[0]
	if web.CurrentState.State != "Running" || web.Ports[0].Port != 80 || web.EnvironmentVars[0].Value != "prod" ||
		strings.Join(web.Commands, " ") != "sh -c" || web.VolumeMounts[0].MountPath != "/etc/app" {
		t.Errorf("container: %+v", web)
	}
	if web.ReadinessProbe.HttpGet.Port != 80 || len(web.LivenessProbe.Execs) != 0 {
		t.Errorf("probes: readiness %+v liveness %+v", web.ReadinessProbe, web.LivenessProbe)
	}

	logs := eci.CreateDescribeContainerLogRequest()
	at(t, logs.RpcRequest)
	logs.RegionId = region
	logs.ContainerGroupId = created.ContainerGroupId
	logs.ContainerName = "web"
	got, err := c.DescribeContainerLog(logs)
	if err != nil {
		t.Fatalf("DescribeContainerLog: %v", err)
	}
	if got.Content != "hello from go\nmode=fast\n" || got.ContainerName != "web" {
		t.Errorf("log: %q of %q", got.Content, got.ContainerName)
	}

	del := eci.CreateDeleteContainerGroupRequest()
	at(t, del.RpcRequest)
	del.RegionId = region
	del.ContainerGroupId = created.ContainerGroupId
	if _, err := c.DeleteContainerGroup(del); err != nil {
		t.Fatalf("DeleteContainerGroup: %v", err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(describeByID(t, c, created.ContainerGroupId)) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the deleted group is still listed after 60 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func TestSdkPagesByTag(t *testing.T) {
	c := sdkClient(t)
	want := map[string]bool{}
	for i := 0; i < 5; i++ {
		r := createRequest(t, fmt.Sprintf("go-sdk-page-%d", i))
		r.Tag = &[]eci.CreateContainerGroupTag{{Key: "suite", Value: "go-sdk-paging"}}
		r.Container = &[]eci.CreateContainerGroupContainer{{Name: "app", Image: "busybox", Command: []string{"sleep", "3600"}}}
		created, err := c.CreateContainerGroup(r)
		if err != nil {
			t.Fatalf("CreateContainerGroup: %v", err)
		}
		want[created.ContainerGroupId] = true
	}
	seen := map[string]bool{}
	token := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("more than 5 pages of 2 for 5 groups")
		}
		r := eci.CreateDescribeContainerGroupsRequest()
		at(t, r.RpcRequest)
		r.RegionId = region
		r.Limit = requests.NewInteger(2)
		r.NextToken = token
		r.Tag = &[]eci.DescribeContainerGroupsTag{{Key: "suite", Value: "go-sdk-paging"}}
		resp, err := c.DescribeContainerGroups(r)
		if err != nil {
			t.Fatalf("DescribeContainerGroups: %v", err)
		}
		if len(resp.ContainerGroups) > 2 {
			t.Fatalf("page of %d with Limit=2", len(resp.ContainerGroups))
		}
		for _, g := range resp.ContainerGroups {
			seen[g.ContainerGroupId] = true
		}
		if token = resp.NextToken; token == "" {
			break
		}
	}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("paged through %v, created %v", seen, want)
	}
}

func TestSdkErrors(t *testing.T) {
	c := sdkClient(t)
	var serverErr *sdkerrors.ServerError

	del := eci.CreateDeleteContainerGroupRequest()
	at(t, del.RpcRequest)
	del.RegionId = region
	del.ContainerGroupId = "eci-doesnotexist0000000"
	_, err := c.DeleteContainerGroup(del)
	if !errors.As(err, &serverErr) || serverErr.HttpStatus() != 404 || !strings.HasSuffix(serverErr.ErrorCode(), ".NotFound") {
		t.Errorf("delete of an unknown group: %v", err)
	}

	r := createRequest(t, "go-sdk-no-image")
	r.Container = &[]eci.CreateContainerGroupContainer{{Name: "app"}}
	_, err = c.CreateContainerGroup(r)
	if !errors.As(err, &serverErr) || serverErr.HttpStatus() != 400 || serverErr.ErrorCode() != "MissingParameter" ||
		!strings.Contains(serverErr.Message(), "Container.1.Image") {
		t.Errorf("create without an image: %v", err)
	}

	bad, _ := eci.NewClientWithAccessKey(region, keyID, "wrong-secret")
	regions := eci.CreateDescribeRegionsRequest()
	at(t, regions.RpcRequest)
	_, err = bad.DescribeRegions(regions)
	if !errors.As(err, &serverErr) || serverErr.ErrorCode() != "SignatureDoesNotMatch" {
		t.Errorf("a wrong secret: %v", err)
	}
}

// Signature V1 over characters percent-encoding treats apart, by GET (query) and POST.
func TestSdkSignsEveryCharacter(t *testing.T) {
	c := sdkClient(t)
	for _, method := range []string{"GET", "POST"} {
		for _, name := range []string{"a b", "a*b", "a~b", "a+b", "a/b=c&d", "中文", "emoji😀", "pct%20x", "quote'\"", "bang!()"} {
			r := eci.CreateDescribeContainerGroupsRequest()
			at(t, r.RpcRequest)
			r.Method = method
			r.RegionId = region
			r.ContainerGroupName = name
			r.Tag = &[]eci.DescribeContainerGroupsTag{{Key: "k " + name, Value: name}}
			if _, err := c.DescribeContainerGroups(r); err != nil {
				t.Errorf("%s with %q: %v", method, name, err)
			}
		}
	}
}

// The Tea OpenAPI client, as the current generated Go SDKs call ECI: ACS3-HMAC-SHA256 (V3) by
// default, HMAC-SHA1 (V1) with SignatureAlgorithm v2; parameters in the query or a form body.
func TestTeaClientSignaturesAndPlacement(t *testing.T) {
	for _, algorithm := range []string{"", "v2"} {
		cfg := &openapi.Config{
			AccessKeyId: tea.String(keyID), AccessKeySecret: tea.String(keySecret),
			Endpoint: tea.String(endpoint(t)), Protocol: tea.String("http"), RegionId: tea.String(region),
		}
		if algorithm != "" {
			cfg.SignatureAlgorithm = tea.String(algorithm)
		}
		client, err := openapi.NewClient(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, inBody := range []bool{false, true} {
			name := fmt.Sprintf("tea-%s-%v", map[string]string{"": "v3", "v2": "v1"}[algorithm], inBody)
			created := teaCall(t, client, "CreateContainerGroup", inBody, map[string]interface{}{
				"RegionId": region, "SecurityGroupId": "sg-tea", "VSwitchId": "vsw-x-hangzhou-b", "ContainerGroupName": name,
				"Container": []interface{}{map[string]interface{}{
					"Name": "app", "Image": "busybox", "Command": []interface{}{"sh", "-c", "echo 中文 a*b~c; sleep 99"},
					"EnvironmentVar": []interface{}{map[string]interface{}{"Key": "X", "Value": "a b+c/d=e&f"}},
				}},
				"Tag": []interface{}{map[string]interface{}{"Key": "k", "Value": "v 中"}},
			})
			id, _ := created["ContainerGroupId"].(string)
			listed := teaCall(t, client, "DescribeContainerGroups", inBody, map[string]interface{}{
				"RegionId": region, "ContainerGroupIds": fmt.Sprintf("[%q]", id),
			})
			groups, _ := listed["ContainerGroups"].([]interface{})
			if len(groups) != 1 {
				t.Fatalf("%s: DescribeContainerGroups gave %v", name, listed)
			}
			g := groups[0].(map[string]interface{})
			container := g["Containers"].([]interface{})[0].(map[string]interface{})
			got := fmt.Sprint(g["ContainerGroupName"], container["Commands"], container["EnvironmentVars"], g["Tags"])
			want := fmt.Sprint(name, []interface{}{"sh", "-c", "echo 中文 a*b~c; sleep 99"},
				[]interface{}{map[string]interface{}{"Key": "X", "Value": "a b+c/d=e&f"}},
				[]interface{}{map[string]interface{}{"Key": "k", "Value": "v 中"}})
			if got != want {
				t.Errorf("%s: got %s, want %s", name, got, want)
			}
		}
	}
}

func teaCall(t *testing.T, c *openapi.Client, action string, inBody bool, params map[string]interface{}) map[string]interface{} {
	request := &openapi.OpenApiRequest{}
	if inBody {
		request.Body = openapiutil.Query(params)
	} else {
		request.Query = openapiutil.Query(params)
	}
	res, err := c.CallApi(&openapi.Params{
		Action: tea.String(action), Version: tea.String("2018-08-08"), Protocol: tea.String("HTTP"),
		Method: tea.String("POST"), AuthType: tea.String("AK"), Style: tea.String("RPC"), Pathname: tea.String("/"),
		ReqBodyType: tea.String("formData"), BodyType: tea.String("json"),
	}, request, &util.RuntimeOptions{})
	if err != nil {
		t.Fatalf("%s (body %v): %v", action, inBody, err)
	}
	body, _ := res["body"].(map[string]interface{})
	return body
}

// The answer as ECI's XML (Format=XML; POP's default when a V1 call sends no Format), read with
// encoding/xml the way a Go program reads POP's XML: a list is its element repeated.
type xmlContainerGroups struct {
	XMLName         xml.Name `xml:"DescribeContainerGroupsResponse"`
	RequestId       string
	TotalCount      int
	ContainerGroups []struct {
		ContainerGroupId string
		Status           string
		Tags             []struct{ Key, Value string }
		Containers       []struct {
			Name     string
			Commands []string
		}
	}
}

func TestSdkReadsXml(t *testing.T) {
	c := sdkClient(t)
	r := createRequest(t, "go-sdk-xml")
	r.Tag = &[]eci.CreateContainerGroupTag{{Key: "suite", Value: "go-sdk-xml"}, {Key: "chars", Value: "a&b <c> 中文"}}
	r.Container = &[]eci.CreateContainerGroupContainer{{Name: "app", Image: "busybox", Command: []string{"sleep", "3600"}}}
	created, err := c.CreateContainerGroup(r)
	if err != nil {
		t.Fatalf("CreateContainerGroup: %v", err)
	}
	asJson := describeByID(t, c, created.ContainerGroupId)

	q := requests.NewCommonRequest()
	q.Method = "POST"
	q.Scheme = "http"
	q.Domain = endpoint(t)
	q.Version = "2018-08-08"
	q.ApiName = "DescribeContainerGroups"
	q.AcceptFormat = "XML"
	q.QueryParams["RegionId"] = region
	q.QueryParams["ContainerGroupIds"] = fmt.Sprintf("[%q]", created.ContainerGroupId)
	resp, err := c.ProcessCommonRequest(q)
	if err != nil {
		t.Fatalf("DescribeContainerGroups in XML: %v", err)
	}
	if ct := resp.GetOriginHttpResponse().Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		t.Errorf("Content-Type %q, want text/xml", ct)
	}
	var got xmlContainerGroups
	if err := xml.Unmarshal(resp.GetHttpContentBytes(), &got); err != nil {
		t.Fatalf("not ECI's XML: %v\n%s", err, resp.GetHttpContentString())
	}
	if got.TotalCount != 1 || len(got.ContainerGroups) != 1 || len(asJson) != 1 {
		t.Fatalf("XML lists %d of %d groups, JSON %d: %s", len(got.ContainerGroups), got.TotalCount, len(asJson), resp.GetHttpContentString())
	}
	g, j := got.ContainerGroups[0], asJson[0]
	if g.ContainerGroupId != j.ContainerGroupId || g.Status != j.Status || got.RequestId == "" {
		t.Errorf("XML group %+v, JSON group id %s status %s", g, j.ContainerGroupId, j.Status)
	}
	if fmt.Sprint(g.Tags) != fmt.Sprint([]struct{ Key, Value string }{{j.Tags[0].Key, j.Tags[0].Value}, {j.Tags[1].Key, j.Tags[1].Value}}) {
		t.Errorf("XML tags %+v, JSON tags %+v", g.Tags, j.Tags)
	}
	if len(g.Containers) != 1 || strings.Join(g.Containers[0].Commands, " ") != "sleep 3600" {
		t.Errorf("XML containers %+v", g.Containers)
	}
}
