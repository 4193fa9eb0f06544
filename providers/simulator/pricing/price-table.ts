/**
 * The simulator's price table: data only, read by quote.ts.
 *
 * Official figures (China site, pay-as-you-go, currency CNY), from ECI's billing page "ECI实例计费"
 * (https://help.aliyun.com/zh/eci/product-overview/elastic-container-instances, section 资源价格),
 * read on 2026-12-04; the copy read carried no update date of its own:
 *   vCPU   0.000049   CNY per vCPU-second   (0.1764 CNY per hour)
 *   memory 0.00000613 CNY per GiB-second    (0.0221 CNY per hour)
 * The same figures give the example answer of the DescribeContainerGroupPrice reference page
 * (https://help.aliyun.com/document_detail/479622.html): 2 vCPU + 4 GiB = cpu 0.000098 +
 * memory 0.00002452 = 0.00012252 CNY per second.
 *
 * ILLUSTRATIVE, not official (no public per-type table was found): ECS instance types and spot
 * prices. An instance type costs its vCPUs and GiB at the rates above times `instanceTypeFactor`,
 * a factor fitted to the one documented pair in the same reference example (ecs.c5.large,
 * 2 vCPU / 4 GiB, OriginPrice 0.622 CNY per hour; the rates above give 0.441). A spot price is the
 * pay-as-you-go price less a discount between `spotDiscount.min` and `.max`, stable per zone and
 * type: the ECI docs say spot instances cost 30% to 90% less (the example answer: 0.056 of 0.622).
 *
 * ILLUSTRATIVE too: ARM types (ecs.c8y, g8y, r8y). Pods on ARM are billed by their ECS instance
 * type; `armLargeHourly` gives each family's `large` (2 vCPU) hourly price, about 15% below the
 * x86 `large` of the same memory ratio above (ecs.c5.large 0.622), as Yitian types are marketed
 * cheaper; a larger size costs in proportion to its vCPUs, as ECS sizes of one family do.
 */
export const PRICE_TABLE = {
  currency: 'CNY',
  source: 'https://help.aliyun.com/zh/eci/product-overview/elastic-container-instances',
  retrieved: '2026-12-04',
  vCpuPerSecond: 0.000049,
  memoryGiBPerSecond: 0.00000613,
  illustrative: {
    instanceTypeFactor: 1.41,
    spotDiscount: { min: 0.3, max: 0.9 },
    armLargeHourly: { 'ecs.c8y': 0.53, 'ecs.g8y': 0.64, 'ecs.r8y': 0.85 } as Readonly<Record<string, number>>,
  },
} as const;
