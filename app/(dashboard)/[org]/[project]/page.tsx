import { awaitingDataPage, sectionMetadata } from "@/components/dashboard/awaiting-data";

export const metadata = sectionMetadata("overview");
export default awaitingDataPage("overview");
