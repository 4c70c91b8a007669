import { awaitingDataPage, sectionMetadata } from "@/components/dashboard/awaiting-data";

export const metadata = sectionMetadata("requests");
export default awaitingDataPage("requests");
