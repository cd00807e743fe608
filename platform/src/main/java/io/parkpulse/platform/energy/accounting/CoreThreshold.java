package io.parkpulse.platform.energy.accounting;

/**
 * The 零碳园区 core indicator, 单位能耗碳排放 (tCO2 per tce of energy consumed): a park passes at or under
 * {@code normal}, or under {@code large} if it consumes {@code largeParkTcePerYear} or more a year.
 * A park's settings may hold their own; {@link #ZERO_CARBON_PARK} is the notice's.
 */
public record CoreThreshold(
    double normal, double large, double largeParkTcePerYear, String source) {

  /**
   * 发改环资〔2025〕910号. The notice sets the 0.20 band for parks consuming 200,000 to 1,000,000 tce a
   * year; smaller parks are held to 0.20 here as well, the stricter reading.
   */
  public static final CoreThreshold ZERO_CARBON_PARK =
      new CoreThreshold(
          0.20,
          0.30,
          1_000_000,
          "国家发展改革委、工业和信息化部、国家能源局《关于开展零碳园区建设的通知》"
              + "（发改环资〔2025〕910号）: core indicator 单位能耗碳排放 <= 0.2 tCO2/tce for parks"
              + " consuming 200,000-1,000,000 tce a year, <= 0.3 tCO2/tce at 1,000,000 tce or"
              + " more; as reported by third parties, not checked against the notice's text");

  /** The threshold for a park of this annual consumption (tce). */
  public double applies(double annualTce) {
    return annualTce >= largeParkTcePerYear ? large : normal;
  }
}
