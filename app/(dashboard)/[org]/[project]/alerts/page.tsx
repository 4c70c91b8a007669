import { awaitingDataPage, sectionMetadata } from "@/app/(dashboard)/[org]/[project]/section-page";

export const metadata = sectionMetadata("alerts");
export default awaitingDataPage("alerts");
