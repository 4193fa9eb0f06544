package clients

import (
	"encoding/json"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/tea"
)

// The data-cache actions postdate the typed SDK above: the Tea OpenAPI client sends them as the
// current generated SDKs do, DataSource.Options a map flattened key by key (keys as the user wrote
// them, `#10#repoSource` too).
func TestTeaClientDataCache(t *testing.T) {
	client, err := openapi.NewClient(&openapi.Config{
		AccessKeyId: tea.String(keyID), AccessKeySecret: tea.String(keySecret),
		Endpoint: tea.String(endpoint(t)), Protocol: tea.String("http"), RegionId: tea.String(region),
	})
	if err != nil {
		t.Fatal(err)
	}
	options := map[string]interface{}{"url": "https://modelscope.example.com/Qwen-7B?rev=main&x=1", "#10#repoSource": "ModelScope/Qwen"}
	created := teaCall(t, client, "CreateDataCache", false, map[string]interface{}{
		"RegionId": region, "Bucket": "go-tea", "Path": "/models/qwen", "Name": "qwen",
		"DataSource": map[string]interface{}{"Type": "URL", "Options": options},
	})
	id, _ := created["DataCacheId"].(string)
	listed := teaCall(t, client, "DescribeDataCaches", true, map[string]interface{}{"RegionId": region, "DataCacheId": []interface{}{id}})
	caches, _ := listed["DataCaches"].([]interface{})
	if len(caches) != 1 {
		t.Fatalf("DescribeDataCaches gave %v", listed)
	}
	cache := caches[0].(map[string]interface{})
	source := cache["DataSource"].(map[string]interface{})
	got := map[string]interface{}{}
	if err := json.Unmarshal([]byte(source["Options"].(string)), &got); err != nil || len(got) != 2 ||
		got["url"] != options["url"] || got["#10#repoSource"] != options["#10#repoSource"] {
		t.Errorf("options back: %v (%v), sent %v", source["Options"], err, options)
	}
	if cache["Bucket"] != "go-tea" || cache["Path"] != "/models/qwen" || source["Type"] != "URL" {
		t.Errorf("cache: %v", cache)
	}
	teaCall(t, client, "DeleteDataCache", false, map[string]interface{}{"RegionId": region, "DataCacheId": id})
}
